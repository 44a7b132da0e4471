/** R2015 rule module: turns a course period into slots using `R2015_PARAMETERS` [RULES §3 R2015, §4]. */
import { toDayNumber } from '@selvbook/calendar';
import { Anniversaries, NEVER } from '../../clock/course-clock';
import { ASSISTANCE_GROUPS } from '../../model/contact-group';
import { Duration, months } from '../../parameters';
import {
  CoursePeriod,
  FirstActivationPlan,
  JOBCENTER_CONVERSATION,
  JOB_ONLY,
  JOINT_CONVERSATION,
  RulesRegime,
  Slot,
  SlotKind,
  ageBandDeadline,
  compileSelfBooking,
} from '../regime';
import { calendarDays, planAkasseConversations, planOtherGroups, planSicknessBenefit } from '../shared-planners';
import { R2015Parameters, R2015_PARAMETERS } from './r2015.parameters';

const R = 'R2015' as const;

/** A kontanthjælp / uddannelseshjælp jobsamtale: only a jobsamtale fulfils it. */
const ASSISTANCE_CONVERSATION: SlotKind = { series: 'COURSE', type: 7, accepts: JOB_ONLY, heldBy: 'JOBCENTER' };

function r2015Activation(
  deadline: number,
  ageBand: string | null,
  rule: string,
  source: string,
  grace: Duration,
): FirstActivationPlan {
  return {
    deadline,
    ageBand,
    rule,
    source,
    graceAfterExemption: grace,
    wageSubsidyStartWithin: null,
    minimumOfferWeeks: null,
  };
}

export function createR2015Regime(p: R2015Parameters = R2015_PARAMETERS): RulesRegime {
  const selfBookable = compileSelfBooking(p.selfBooking);

  const u = p.unemploymentBenefit;
  /** The two joint conversations among the six monthly ones, each in a window that may not be moved [F:S10,S11]. */
  const joints = new Map([
    [
      u.firstJointNumber.value,
      { from: u.firstJointFrom, to: u.firstJointTo, rule: 'R2015.UNEMPLOYMENT_BENEFIT.JOINT_1' },
    ],
    [
      u.secondJointNumber.value,
      { from: u.secondJointFrom, to: u.secondJointTo, rule: 'R2015.UNEMPLOYMENT_BENEFIT.JOINT_2' },
    ],
  ]);

  /** Six monthly jobsamtaler, two of them joint, then one every 3 months; joint 3 by 16 months. */
  function planUnemploymentBenefit(period: CoursePeriod, out: Slot[]): void {
    const c = period.clock;
    const postpone = calendarDays(u.postponement.value);
    const n = u.monthlyConversations.value;
    let previous = period.anchor;
    for (let k = 1; k <= n; k++) {
      const due = c.dayAt(months(k));
      if (due >= NEVER) return;
      const joint = joints.get(k);
      out.push(
        joint
          ? {
              regime: R,
              ...JOINT_CONVERSATION,
              due,
              from: c.dayAt(joint.from.value),
              to: c.dayAt(joint.to.value, 'down'),
              strictFrom: true,
              rule: joint.rule,
              source: joint.to.source,
            }
          : {
              regime: R,
              ...JOBCENTER_CONVERSATION,
              due,
              from: previous,
              to: due + postpone,
              strictFrom: false,
              rule: 'R2015.UNEMPLOYMENT_BENEFIT.MONTHLY',
              source: u.monthlyConversations.source,
            },
      );
      previous = due;
    }
    const step = u.afterSixMonthsEvery.value.amount;
    const later = calendarDays(u.afterSixMonthsPostponement.value);
    for (let m = n + step; m <= u.horizon.value.amount; m += step) {
      const due = c.dayAt(months(m));
      if (due >= NEVER) break;
      out.push({
        regime: R,
        ...JOBCENTER_CONVERSATION,
        due,
        from: c.dayAt(months(m - step)),
        to: due + later,
        strictFrom: false,
        rule: 'R2015.UNEMPLOYMENT_BENEFIT.EVERY_3_MONTHS',
        source: u.afterSixMonthsEvery.source,
      });
    }
    const joint3 = c.dayAt(u.thirdJointLatest.value, 'down');
    if (joint3 < NEVER) {
      out.push({
        regime: R,
        ...JOINT_CONVERSATION,
        due: joint3,
        from: c.dayAt(u.thirdJointFrom.value),
        to: joint3,
        strictFrom: true,
        rule: 'R2015.UNEMPLOYMENT_BENEFIT.JOINT_3',
        source: u.thirdJointLatest.source,
      });
    }
    // "Joint 1 after the CV conversation" holds by construction: the CV ceiling (2 weeks) precedes week 3.
    planAkasseConversations(R, period, u, out);
  }

  /** Kontanthjælp / uddannelseshjælp: first within a week, then n per 12 months [F:S12,S13,S34]. */
  function planAssistance(period: CoursePeriod, out: Slot[]): void {
    const a = p.assistance;
    const first = period.anchor + calendarDays(a.firstConversationWithin.value);
    out.push({
      regime: R,
      ...ASSISTANCE_CONVERSATION,
      due: first,
      from: period.anchor,
      to: first,
      strictFrom: false,
      ordinalFirst: true,
      rule: 'R2015.ASSISTANCE.FIRST_CONVERSATION',
      source: a.firstConversationWithin.source,
    });
    const perYear =
      period.group === 'SOCIAL_ASSISTANCE_ACTIVITY_READY' ? a.activityReadyPerYear : a.otherAssistancePerYear;
    const step = 12 / perYear.value;
    const after = new Anniversaries(first);
    let previous = first;
    for (let m = step; m <= a.planAhead.value.amount + 1e-9; m += step) {
      const due = after.atMonths(m, 'down');
      out.push({
        regime: R,
        ...ASSISTANCE_CONVERSATION,
        due,
        from: previous,
        to: due,
        strictFrom: false,
        rule: 'R2015.ASSISTANCE.FOLLOWING',
        source: perYear.source,
      });
      previous = due;
    }
  }

  return {
    id: R,
    inForceFrom: toDayNumber(p.inForceFrom.value),
    parameters: p,

    planCourse(period, out) {
      const g = period.group;
      if (g === 'UNEMPLOYMENT_BENEFIT') return planUnemploymentBenefit(period, out);
      if (ASSISTANCE_GROUPS.has(g)) return planAssistance(period, out);
      if (g === 'SICKNESS_BENEFIT') return planSicknessBenefit(R, p.sicknessBenefit, period, out);
      if (g === 'OTHER') return;
      planOtherGroups(R, p.otherGroups, period, out);
    },

    firstActivation(period): FirstActivationPlan | null {
      const grace = p.firstActivation.graceAfterExemption.value;
      switch (period.group) {
        case 'UNEMPLOYMENT_BENEFIT': {
          const bands = p.unemploymentBenefit.firstActivationAgeBands;
          const hit = ageBandDeadline(period, bands.value, p.unemploymentBenefit.firstActivationAgeOn.value);
          if (!hit || hit.day >= NEVER) return null;
          return r2015Activation(
            hit.day,
            hit.band.label,
            'R2015.UNEMPLOYMENT_BENEFIT.FIRST_ACTIVATION',
            bands.source,
            grace,
          );
        }
        case 'SOCIAL_ASSISTANCE_JOB_READY': {
          const after = p.assistance.jobReadyUnder30FirstActivation;
          const band = { label: 'under 30', minAge: 0, maxAge: 30, after: after.value };
          const hit = ageBandDeadline(period, [band], p.unemploymentBenefit.firstActivationAgeOn.value);
          if (!hit) return null;
          return r2015Activation(
            hit.day,
            hit.band.label,
            'R2015.SOCIAL_ASSISTANCE_JOB_READY.FIRST_ACTIVATION',
            after.source,
            grace,
          );
        }
        case 'SOCIAL_ASSISTANCE_ACTIVITY_READY': {
          const after = p.assistance.activityReadyFirstActivation;
          return r2015Activation(
            period.clock.dayAt(after.value),
            null,
            'R2015.SOCIAL_ASSISTANCE_ACTIVITY_READY.FIRST_ACTIVATION',
            after.source,
            grace,
          );
        }
        default:
          return null;
      }
    },

    selfBookableTypes: selfBookable,
  };
}

export const R2015: RulesRegime = createR2015Regime();
