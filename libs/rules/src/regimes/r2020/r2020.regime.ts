/** R2020 rule module [RULES §3 R2020, §4]. R2024 reuses its non-dagpenge planning. */
import { toDayNumber } from '@selvbook/calendar';
import { NEVER } from '../../clock/course-clock';
import { ASSISTANCE_GROUPS } from '../../model/contact-group';
import { RegimeId } from '../../model/contact-course';
import { Param, months } from '../../parameters';
import {
  CoursePeriod,
  FirstActivationPlan,
  JOBCENTER_CONVERSATION,
  JOB_ONLY,
  JOINT_CONVERSATION,
  RulesRegime,
  SelfBookingParameters,
  Slot,
  compileSelfBooking,
} from '../regime';
import {
  RULE_IDS,
  calendarDays,
  planAkasseConversations,
  planOtherGroups,
  planSicknessBenefit,
  planSpread,
} from '../shared-planners';
import { R2020Parameters, R2020_PARAMETERS } from './r2020.parameters';

/** 4 + 2 joint in the first 6 months of the clock, spread evenly; joint at 16 months [F:S9,S45,S16 §32]. */
function planUnemploymentBenefit(p: R2020Parameters, period: CoursePeriod, out: Slot[]): void {
  const R = 'R2020';
  const u = p.unemploymentBenefit;
  const c = period.clock;
  const n = u.conversationsInPeriod.value;
  const span = u.period.value.amount;
  const end = c.dayAt(u.period.value, 'down');
  const postpone = calendarDays(u.postponement.value);
  const [joint1, joint2] = u.jointNumbers.value;
  let previous = period.anchor;
  for (let k = 1; k <= n; k++) {
    const due = c.dayAt(months((span * k) / n));
    if (due >= NEVER) return;
    const to = due + postpone;
    const jobConversation: Slot = {
      regime: R,
      ...JOBCENTER_CONVERSATION,
      due,
      from: previous,
      to: to < end ? to : end,
      strictFrom: false,
      rule: 'R2020.UNEMPLOYMENT_BENEFIT.JOB_CONVERSATION',
      source: u.conversationsInPeriod.source,
    };
    // A course that began under R2015 may already have its joint conversation for this window: then this one is a
    // plain jobsamtale, so the first six hold two joint ones, not three (plan-course) [F:S9,S45].
    if (k === joint1) {
      out.push({
        regime: R,
        ...JOINT_CONVERSATION,
        due,
        from: period.anchor,
        to: c.dayAt(u.firstJointLatest.value, 'down'),
        strictFrom: false,
        instead: jobConversation,
        rule: 'R2020.UNEMPLOYMENT_BENEFIT.JOINT_1',
        source: u.firstJointLatest.source,
      });
    } else if (k === joint2) {
      out.push({
        regime: R,
        ...JOINT_CONVERSATION,
        due,
        from: c.dayAt(u.secondJointAfter.value) + 1,
        to: end,
        strictFrom: true,
        instead: jobConversation,
        rule: 'R2020.UNEMPLOYMENT_BENEFIT.JOINT_2',
        source: u.secondJointAfter.source,
      });
    } else {
      out.push(jobConversation);
    }
    previous = due;
  }
  planJointAtLatest(R, period, u.jointAtLatest, end, out);
  planAkasseConversations(R, period, u, out);
}

/** The a-kasse joins a conversation at the latest at 16 months [F:S16 §32]. */
export function planJointAtLatest(
  regime: RegimeId,
  period: CoursePeriod,
  latest: R2020Parameters['unemploymentBenefit']['jointAtLatest'],
  afterDay: number,
  out: Slot[],
): void {
  const day = period.clock.dayAt(latest.value, 'down');
  if (day >= NEVER) return;
  out.push({
    regime,
    ...JOINT_CONVERSATION,
    due: day,
    from: afterDay + 1,
    to: day,
    strictFrom: true,
    rule: RULE_IDS[regime].jointAt16Months,
    source: latest.source,
  });
}

/** Every group but dagpenge: shared by R2020 and R2024 (which changed only the dagpenge course). */
function planNonUnemploymentBenefit(regime: RegimeId, p: R2020Parameters, period: CoursePeriod, out: Slot[]): void {
  const g = period.group;
  const ids = RULE_IDS[regime];
  if (g === 'OTHER') return;
  if (ASSISTANCE_GROUPS.has(g)) {
    const a = p.assistance;
    return planSpread(regime, period, out, {
      count: a.conversationsInPeriod.value,
      period: a.period.value,
      postponeDays: calendarDays(a.postponement.value),
      firstBy: period.anchor + calendarDays(a.firstConversationWithin.value),
      type: 7,
      accepts: JOB_ONLY,
      firstRule: ids.assistanceFirst,
      firstSource: a.firstConversationWithin.source,
      rule: ids.assistance,
      source: a.conversationsInPeriod.source,
    });
  }
  if (g === 'SICKNESS_BENEFIT') return planSicknessBenefit(regime, p.sicknessBenefit, period, out);
  planOtherGroups(regime, p.otherGroups, period, out);
}

/** First activation at the latest after 6 months for groups 1–3 [F:S16 §102]. */
function r2020FirstActivation(
  regime: RegimeId,
  f: R2020Parameters['firstActivation'],
  period: CoursePeriod,
): FirstActivationPlan | null {
  if (!f.groups.value.includes(period.group)) return null;
  const deadline = period.clock.dayAt(f.after.value);
  if (deadline >= NEVER) return null;
  return {
    deadline,
    rule: RULE_IDS[regime].firstActivation,
    source: f.after.source,
    ageBand: null,
    graceAfterExemption: f.graceAfterExemption.value,
    wageSubsidyStartWithin: f.wageSubsidyStartWithin.value,
    minimumOfferWeeks: f.minimumOfferWeeks.value,
  };
}

/** What a regime of the R2020 family has of its own besides its dagpenge course. */
export interface R2020FamilyParameters {
  readonly inForceFrom: Param<string>;
  readonly firstActivation: R2020Parameters['firstActivation'];
  readonly selfBooking: SelfBookingParameters;
}

/**
 * A regime that plans the dagpenge course its own way and every other group, and the first activation, as
 * R2020 does: R2020 itself and R2024 (which changed only the dagpenge course).
 */
export function createR2020FamilyRegime(
  id: 'R2020' | 'R2024',
  p: R2020FamilyParameters,
  otherGroups: R2020Parameters,
  planUnemploymentBenefit: (period: CoursePeriod, out: Slot[]) => void,
): RulesRegime {
  return {
    id,
    inForceFrom: toDayNumber(p.inForceFrom.value),
    parameters: p,
    planCourse(period, out) {
      if (period.group === 'UNEMPLOYMENT_BENEFIT') planUnemploymentBenefit(period, out);
      else planNonUnemploymentBenefit(id, otherGroups, period, out);
    },
    firstActivation: (period) => r2020FirstActivation(id, p.firstActivation, period),
    selfBookableTypes: compileSelfBooking(p.selfBooking),
  };
}

export function createR2020Regime(p: R2020Parameters = R2020_PARAMETERS): RulesRegime {
  return createR2020FamilyRegime('R2020', p, p, (period, out) => planUnemploymentBenefit(p, period, out));
}

export const R2020: RulesRegime = createR2020Regime();
