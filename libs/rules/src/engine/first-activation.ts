/** First activation (førstegangsaktivering) deadline [RULES §4 table]. */
import { DayNumber, fromDayNumber } from '@selvbook/calendar';
import { Anniversaries, NEVER } from '../clock/course-clock';
import { FirstActivation } from '../model/contact-course';
import { Duration, ExemptionParameters } from '../parameters';
import { CoursePeriod, RulesRegime } from '../regimes/regime';
import { calendarDays } from '../regimes/shared-planners';
import { exemptionEndCovering, sicknessDutyFreeDays } from './exemptions';
import { NormalizedProfile } from './normalize';
import { DayRoller } from './schedule';

/** `day` + a grace period ("within 1 month after the exemption ends"). */
function after(day: DayNumber, span: Duration): DayNumber {
  return span.unit === 'months' ? new Anniversaries(day).atMonths(span.amount, 'down') : day + calendarDays(span);
}

/**
 * First activation under the regime in force on its deadline. Exempt on the deadline → within the grace
 * period after the exemption ends; still open-ended → no date yet [F:S16 §102 stk. 4].
 */
export function firstActivationOf(
  regimes: readonly RulesRegime[],
  first: number,
  period: CoursePeriod,
  p: NormalizedProfile,
  calendar: DayRoller,
  ex: ExemptionParameters,
): FirstActivation | null {
  for (let i = first; i < regimes.length; i++) {
    const plan = regimes[i].firstActivation(period);
    const lower = i === first ? -Infinity : regimes[i].inForceFrom;
    const upper = i + 1 < regimes.length ? regimes[i + 1].inForceFrom : Infinity;
    if (!plan || plan.deadline < lower || plan.deadline >= upper || plan.deadline >= NEVER) continue;

    const sicknessDays = sicknessDutyFreeDays(period.group, ex);
    let deadline: DayNumber = plan.deadline;
    let postponed = false;
    // Follow chained exemptions (bounded: each step moves past one exemption's end).
    for (let guard = 0; guard <= p.exemptionKind.length; guard++) {
      const end = exemptionEndCovering(p, ex.dutySuspendingKinds.value, deadline, sicknessDays);
      if (end === null) break;
      postponed = true;
      deadline = end === Infinity ? NEVER : after(end, plan.graceAfterExemption);
      if (deadline >= NEVER) break;
    }
    const open = deadline >= NEVER;
    const final = open ? NaN : calendar.previousWorkingDayNumber(deadline);
    return {
      deadline: open ? null : fromDayNumber(final),
      regime: regimes[i].id,
      rule: plan.rule,
      source: plan.source,
      ordinaryDeadline: fromDayNumber(calendar.previousWorkingDayNumber(plan.deadline)),
      postponedByExemption: postponed,
      ageBand: plan.ageBand,
      wageSubsidyMayStartBy:
        !open && plan.wageSubsidyStartWithin ? fromDayNumber(final + calendarDays(plan.wageSubsidyStartWithin)) : null,
      minimumOfferWeeks: plan.minimumOfferWeeks,
    };
  }
  return null;
}
