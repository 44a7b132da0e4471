/**
 * Which course period applies on `now`, where it starts and how its clock runs [RULES §4].
 * - Dagpenge: cumulative from the first dagpenge day, whatever the group was in between [F:S4,S16 §9].
 * - Other groups: calendar time from the start of the current benefit; a change of benefit restarts,
 *   a change inside one benefit (job-ready ↔ activity-ready) does not [F:S16 §9; I].
 */
import { DayNumber } from '@selvbook/calendar';
import { CalendarClock } from '../clock/course-clock';
import { UnemploymentClock } from '../clock/unemployment-clock';
import { ASSISTANCE_GROUPS, BENEFIT_OF } from '../model/contact-group';
import { InvalidCitizenProfileError } from '../errors';
import {
  PROFILE_PARAMETERS,
  ProfileParameters,
  UNEMPLOYMENT_CLOCK_PARAMETERS,
  UnemploymentClockParameters,
} from '../parameters';
import { CoursePeriod } from '../regimes/regime';
import { NormalizedProfile } from './normalize';

const UB = 'UNEMPLOYMENT_BENEFIT';
const NO_PAUSES: number[] = [];

export function currentGroupIndex(p: NormalizedProfile, now: DayNumber): number {
  let c = 0;
  for (let i = 1; i < p.groupFrom.length; i++) if (p.groupFrom[i] <= now) c = i;
  return c;
}

export function coursePeriodOf(
  p: NormalizedProfile,
  now: DayNumber,
  akasseId: string | undefined,
  clockParameters: UnemploymentClockParameters = UNEMPLOYMENT_CLOCK_PARAMETERS,
  profileParameters: ProfileParameters = PROFILE_PARAMETERS,
): CoursePeriod {
  const c = currentGroupIndex(p, now);
  const group = p.groups[c];

  if (group === UB) {
    let anchor = p.unemploymentBenefitAnchor;
    if (anchor !== anchor) {
      // Unreported first dagpenge day: the first day in the group stands in for it, unless configured to refuse [I].
      if (profileParameters.unemploymentBenefitAnchorWhenUnreported.value === 'REQUIRED') {
        throw new InvalidCitizenProfileError(
          'MISSING_ANCHOR',
          'anchors.firstUnemploymentBenefitDay',
          'a dagpenge course needs the first day of the dagpenge period',
        );
      }
      for (let i = 0; i < p.groups.length; i++) {
        if (p.groups[i] === UB) {
          anchor = p.groupFrom[i];
          break;
        }
      }
    }
    const cp = clockParameters;
    const clock = new UnemploymentClock(anchor, {
      hoursPerMonth: p.insuredPartTime ? cp.partTimeHoursPerMonth.value : cp.fullTimeHoursPerMonth.value,
      lookaheadMonths: cp.lookaheadMonths.value,
      reportMonths: p.reportMonths,
      reportHours: p.reportHours,
      pauses: pausesAfterAnchor(p, anchor),
    });
    return { group, anchor, clock, birth: p.birth, akasseId, insuredPartTime: p.insuredPartTime };
  }

  const benefit = BENEFIT_OF[group];
  let s = c;
  while (s > 0 && BENEFIT_OF[p.groups[s - 1]] === benefit) s--;
  const runStart = p.groupFrom[s];
  const previousStart = s > 0 ? p.groupFrom[s - 1] : -Infinity;
  // The first request for help / first day of absence precedes the group assignment [F:S16 §31 stk. 5, S20];
  // it is used when it falls after the previous group began and not after this run began [I].
  const override = ASSISTANCE_GROUPS.has(group)
    ? p.requestForHelpAnchor
    : group === 'SICKNESS_BENEFIT'
      ? p.absenceAnchor
      : NaN;
  const anchor = override <= runStart && override > previousStart ? override : runStart;
  return {
    group,
    anchor,
    clock: new CalendarClock(anchor),
    birth: p.birth,
    akasseId,
    insuredPartTime: p.insuredPartTime,
  };
}

/**
 * Days on which the dagpenge clock stands still without a paid-hours report: on another benefit after
 * dagpenge began on or after the anchor (the citizen left and may return). Before that first dagpenge day
 * a retroactive anchor counts in full (the a-kasse paid for it) [F:S4; I].
 */
function pausesAfterAnchor(p: NormalizedProfile, anchor: DayNumber): number[] {
  const n = p.groups.length;
  let firstUb = Infinity;
  for (let i = 0; i < n; i++) {
    if (p.groups[i] !== UB) continue;
    const end = i + 1 < n ? p.groupFrom[i + 1] : Infinity;
    if (end > anchor) {
      firstUb = p.groupFrom[i] > anchor ? p.groupFrom[i] : anchor;
      break;
    }
  }
  let pauses: number[] | null = null;
  for (let i = 0; i < n; i++) {
    if (p.groups[i] === UB) continue;
    const end = i + 1 < n ? p.groupFrom[i + 1] : 1e9;
    const from = p.groupFrom[i] > firstUb ? p.groupFrom[i] : firstUb;
    if (from < end) (pauses ??= []).push(from, end);
  }
  return pauses ?? NO_PAUSES;
}
