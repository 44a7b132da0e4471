/** R2015 rule module: turns a course period into slots using `R2015_PARAMETERS` [RULES §3 R2015, §4]. */
import { toDayNumber } from '@selvbook/calendar';
import { Anniversaries, NEVER } from '../../clock/course-clock';
import { ASSISTANCE_GROUPS } from '../../model/contact-group';
import { Duration, months } from '../../parameters';
import {
  CoursePeriod,
  FOLLOW_UP_ONLY,
  FOLLOW_UP_OR_JOB,
  FirstActivationPlan,
  JOB_ONLY,
  JOB_OR_JOINT,
  JOINT_ONLY,
  RulesRegime,
  Slot,
  ageBandDeadline,
  compileSelfBooking,
} from '../regime';
import { calendarDays, endOfWeek, planAkasseConversations, planSpread } from '../shared-planners';
import { R2015Parameters, R2015_PARAMETERS } from './r2015.parameters';

const R = 'R2015' as const;

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

  /** Six monthly jobsamtaler, two of them joint, then one every 3 months; joint 3 by 16 months. */
  function planUnemploymentBenefit(period: CoursePeriod, out: Slot[]): void {
    const u = p.unemploymentBenefit;
    const c = period.clock;
    const postpone = calendarDays(u.postponement.value);
    const n = u.monthlyConversations.value;
    let previous = period.anchor;
    for (let k = 1; k <= n; k++) {
      const due = c.dayAt(months(k));
      if (due >= NEVER) return;
      if (k === u.firstJointNumber.value) {
        out.push({
          regime: R,
          series: 'COURSE',
          type: 17,
          accepts: JOINT_ONLY,
          heldBy: 'JOINT',
          due,
          from: c.dayAt(u.firstJointFrom.value),
          to: c.dayAt(u.firstJointTo.value, 'down'),
          strictFrom: true,
          rule: 'R2015.UNEMPLOYMENT_BENEFIT.JOINT_1',
          source: u.firstJointTo.source,
        });
      } else if (k === u.secondJointNumber.value) {
        out.push({
          regime: R,
          series: 'COURSE',
          type: 17,
          accepts: JOINT_ONLY,
          heldBy: 'JOINT',
          due,
          from: c.dayAt(u.secondJointFrom.value),
          to: c.dayAt(u.secondJointTo.value, 'down'),
          strictFrom: true,
          rule: 'R2015.UNEMPLOYMENT_BENEFIT.JOINT_2',
          source: u.secondJointTo.source,
        });
      } else {
        out.push({
          regime: R,
          series: 'COURSE',
          type: 7,
          accepts: JOB_OR_JOINT,
          heldBy: 'JOBCENTER',
          due,
          from: previous,
          to: due + postpone,
          strictFrom: false,
          rule: 'R2015.UNEMPLOYMENT_BENEFIT.MONTHLY',
          source: u.monthlyConversations.source,
        });
      }
      previous = due;
    }
    const step = u.afterSixMonthsEvery.value.amount;
    const later = calendarDays(u.afterSixMonthsPostponement.value);
    for (let m = n + step; m <= u.horizon.value.amount; m += step) {
      const due = c.dayAt(months(m));
      if (due >= NEVER) break;
      out.push({
        regime: R,
        series: 'COURSE',
        type: 7,
        accepts: JOB_OR_JOINT,
        heldBy: 'JOBCENTER',
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
        series: 'COURSE',
        type: 17,
        accepts: JOINT_ONLY,
        heldBy: 'JOINT',
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
      series: 'COURSE',
      type: 7,
      accepts: JOB_ONLY,
      heldBy: 'JOBCENTER',
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
        series: 'COURSE',
        type: 7,
        accepts: JOB_ONLY,
        heldBy: 'JOBCENTER',
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
      if (g === 'SICKNESS_BENEFIT') {
        const s = p.sicknessBenefit;
        return planSpread(R, period, out, {
          count: s.followUpsInPeriod.value,
          period: s.period.value,
          postponeDays: calendarDays(s.postponement.value),
          firstBy: endOfWeek(period, s.firstFollowUpByEndOfWeek.value),
          type: 4,
          accepts: FOLLOW_UP_ONLY,
          firstRule: 'R2015.SICKNESS_BENEFIT.FIRST_FOLLOW_UP',
          firstSource: s.firstFollowUpByEndOfWeek.source,
          rule: 'R2015.SICKNESS_BENEFIT.FOLLOW_UP',
          source: s.followUpsInPeriod.source,
        });
      }
      if (g === 'OTHER') return;
      const o = p.otherGroups;
      planSpread(R, period, out, {
        count: o.conversationsInPeriod.value,
        period: o.period.value,
        postponeDays: calendarDays(o.postponement.value),
        firstBy: null,
        type: 7,
        accepts: g === 'FLEX_JOB_BENEFIT' ? JOB_ONLY : FOLLOW_UP_OR_JOB,
        firstRule: '',
        firstSource: '',
        rule: 'R2015.OTHER_GROUPS.BASELINE',
        source: o.conversationsInPeriod.source,
      });
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
