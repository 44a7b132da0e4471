/**
 * The rules engine: pure and deterministic. Same profile + same `now` → same course; no clock reads,
 * no I/O. Steps: validate → course period → slots from the regime(s) in force → held conversations fill
 * slots → working-day guiding dates, statuses, booking-deadline need → first activation.
 */
import { LocalDate, NATIONAL_CALENDAR, WorkingDayCalendar, fromDayNumber, tryParseLocalDate } from '@selvbook/calendar';
import { InvalidCitizenProfileError } from '../errors';
import { CitizenProfile } from '../model/citizen-profile';
import { ContactCourse } from '../model/contact-course';
import {
  EXEMPTION_PARAMETERS,
  ExemptionParameters,
  GUIDING_DATE_PARAMETERS,
  GuidingDateParameters,
  PROFILE_PARAMETERS,
  ProfileParameters,
  SELF_BOOKING_DEADLINE_PARAMETERS,
  SelfBookingDeadlineParameters,
  UNEMPLOYMENT_CLOCK_PARAMETERS,
  UnemploymentClockParameters,
} from '../parameters';
import { DEFAULT_REGIMES } from '../regimes';
import { RulesRegime } from '../regimes/regime';
import { coursePeriodOf } from './course-period';
import { firstActivationOf } from './first-activation';
import { matchHeldConversations } from './held-conversations';
import { NormalizedProfile, normalizeProfile } from './normalize';
import { planAcrossRegimes, regimeIndexAt } from './plan-course';
import { DayRoller, KEEP_DATES, scheduleConversations } from './schedule';

export interface CalculateOptions {
  /** Regimes oldest first (default R2015, R2020, R2024). */
  readonly regimes?: readonly RulesRegime[];
  /** Working days for guiding dates (default: national). */
  readonly calendar?: WorkingDayCalendar;
  /** Or pick the citizen's jobcenter calendar (local closing days) by `jobcenterCode`. */
  readonly calendarForJobcenter?: (jobcenterCode: string) => WorkingDayCalendar | undefined;
  readonly clock?: UnemploymentClockParameters;
  readonly exemptions?: ExemptionParameters;
  readonly guidingDates?: GuidingDateParameters;
  readonly profile?: ProfileParameters;
  readonly selfBookingDeadline?: SelfBookingDeadlineParameters;
}

export type CalculationResult =
  | { readonly ok: true; readonly course: ContactCourse }
  | { readonly ok: false; readonly error: InvalidCitizenProfileError };

/** Throws `InvalidCitizenProfileError` for invalid input. */
export function calculateContactCourse(
  profile: CitizenProfile,
  now: LocalDate,
  options: CalculateOptions = {},
): ContactCourse {
  const nowDay = tryParseLocalDate(now);
  if (nowDay !== nowDay)
    throw new InvalidCitizenProfileError(
      'INVALID_DATE',
      'now',
      `expected a date YYYY-MM-DD, got ${JSON.stringify(now)}`,
    );
  const regimes = options.regimes ?? DEFAULT_REGIMES;
  for (let i = 1; i < regimes.length; i++) {
    if (regimes[i].inForceFrom <= regimes[i - 1].inForceFrom)
      throw new RangeError('regimes must be ordered oldest first');
  }
  const calendar = options.calendar ?? options.calendarForJobcenter?.(profile.jobcenterCode) ?? NATIONAL_CALENDAR;
  const roller: DayRoller =
    (options.guidingDates ?? GUIDING_DATE_PARAMETERS).nonWorkingDay.value === 'KEEP' ? KEEP_DATES : calendar;
  const ex = options.exemptions ?? EXEMPTION_PARAMETERS;

  // No rules are modelled before the first regime: a date or course before it would be labelled wrongly.
  const firstInForce = regimes[0].inForceFrom;
  if (nowDay < firstInForce) {
    throw new InvalidCitizenProfileError(
      'BEFORE_FIRST_REGIME',
      'now',
      `before the first regime in force (${fromDayNumber(firstInForce)})`,
    );
  }
  const bounds = options.profile ?? PROFILE_PARAMETERS;
  const p = normalizeProfile(profile, nowDay, bounds);
  const period = coursePeriodOf(p, nowDay, profile.akasseId, options.clock ?? UNEMPLOYMENT_CLOCK_PARAMETERS, bounds);
  if (period.anchor < firstInForce) {
    throw new InvalidCitizenProfileError(
      'BEFORE_FIRST_REGIME',
      anchorField(p, period.anchor, period.group),
      `the course starts before the first regime in force (${fromDayNumber(firstInForce)})`,
    );
  }
  const first = regimeIndexAt(regimes, period.anchor);

  const slots = planAcrossRegimes(regimes, first, period);
  const heldAt = matchHeldConversations(slots, p, period.anchor);
  const conversations = scheduleConversations(
    slots,
    heldAt,
    p,
    period,
    nowDay,
    roller,
    regimes,
    ex,
    options.selfBookingDeadline ?? SELF_BOOKING_DEADLINE_PARAMETERS,
  );

  return {
    citizenId: profile.citizenId,
    asOf: now,
    regime: regimes[regimeIndexAt(regimes, nowDay)].id,
    contactGroup: period.group,
    period: { anchor: fromDayNumber(period.anchor), clock: period.clock.kind },
    conversations,
    firstActivation: firstActivationOf(regimes, first, period, p, roller, ex),
  };
}

/** Which input set the course period's anchor, for the refusal's field path. */
function anchorField(p: NormalizedProfile, anchor: number, group: string): string {
  if (group === 'UNEMPLOYMENT_BENEFIT' && anchor === p.unemploymentBenefitAnchor)
    return 'anchors.firstUnemploymentBenefitDay';
  if (anchor === p.requestForHelpAnchor) return 'anchors.firstRequestForHelp';
  if (anchor === p.absenceAnchor) return 'anchors.firstDayOfAbsence';
  return `contactGroupHistory[${p.groupFrom.indexOf(anchor)}].from`;
}

/** Same as `calculateContactCourse`, but returns invalid input as a value. */
export function tryCalculateContactCourse(
  profile: CitizenProfile,
  now: LocalDate,
  options?: CalculateOptions,
): CalculationResult {
  try {
    return { ok: true, course: calculateContactCourse(profile, now, options) };
  } catch (e) {
    if (e instanceof InvalidCitizenProfileError) return { ok: false, error: e };
    throw e;
  }
}
