/**
 * Configurable rule values. docs/domain/rules.md requires every `[I]` (inferred) value to be a named parameter
 * with its default, so when a guide proves one wrong, one line changes. Each entry carries its
 * source tag (`F:Sx` read in a source, `I` inferred) and a one-line reason.
 */

export interface Param<T> {
  readonly value: T;
  /** docs/domain/sources.md tag without brackets, e.g. `F:S10` or `I`. */
  readonly source: string;
  readonly reason: string;
}

export function param<T>(value: T, source: string, reason: string): Param<T> {
  return Object.freeze({ value, source, reason });
}

/** A value no source gives (tag `I`): an inference, kept as a parameter so that a source can correct it. */
export function inferred<T>(value: T, reason: string): Param<T> {
  return param(value, 'I', reason);
}

/** A span on a course clock (calendar length with full dagpenge payment; hours: of paid dagpenge). */
export interface Duration {
  readonly amount: number;
  readonly unit: 'months' | 'weeks' | 'days' | 'hours';
}

export const months = (amount: number): Duration => ({ amount, unit: 'months' });
export const weeks = (amount: number): Duration => ({ amount, unit: 'weeks' });
export const days = (amount: number): Duration => ({ amount, unit: 'days' });
export const hours = (amount: number): Duration => ({ amount, unit: 'hours' });

/** The dagpenge clock (sammenlagt ledighed), the same in every regime [F:S42, F:S4]. */
export const UNEMPLOYMENT_CLOCK_PARAMETERS = {
  fullTimeHoursPerMonth: param(160.33, 'F:S42', 'one month of cumulative unemployment for a full-time insured person'),
  partTimeHoursPerMonth: param(130, 'F:S42', 'one month for a part-time insured person'),
  /**
   * Months far beyond any rule (dagpenge period 24 months, joint at 16) after which the clock stops
   * looking: a date that far away is reported as never reached.
   */
  lookaheadMonths: inferred(60, 'bounds the work for a clock that stalls (e.g. a future change of group)'),
} as const;

export type UnemploymentClockParameters = typeof UNEMPLOYMENT_CLOCK_PARAMETERS;

/** How exemptions and absences act on the course (RULES §4 step 6, §5). */
export const EXEMPTION_PARAMETERS = {
  dutySuspendingKinds: param<readonly string[]>(
    ['LESS_INTENSIVE_EFFORT', 'SICKNESS'],
    'F:S16 §106; S8 §20 stk. 4',
    'less intensive effort removes the duty; sickness is legitimate absence',
  ),
  summonsKinds: param<readonly string[]>(
    ['EXEMPTION', 'WITHDRAWAL'],
    'F:S17 §46',
    'exempt from or deprived of self-booking: the jobcenter summons, so no booking deadline',
  ),
  noJobcenterDeadlineKinds: param<readonly string[]>(
    ['COURSE_AT_AKASSE'],
    'F:S23',
    'absence 75 (course at the a-kasse) closes jobcenter deadlines',
  ),
  unemploymentBenefitSicknessDays: param(
    14,
    'F:S8 §20 stk. 4',
    'a dagpenge recipient has no duty in the first 14 days of sickness',
  ),
  otherGroupsSicknessDays: inferred(Infinity, 'other groups: the whole registered sickness is legitimate absence'),
} as const;

export type ExemptionParameters = typeof EXEMPTION_PARAMETERS;

/** Guiding dates (RULES §4 step 5). */
export const GUIDING_DATE_PARAMETERS = {
  nonWorkingDay: inferred<'PREVIOUS_WORKING_DAY' | 'KEEP'>(
    'PREVIOUS_WORKING_DAY',
    'a guiding date on a weekend, holiday or closing day moves back, so the legal ceiling is never exceeded',
  ),
} as const;

export type GuidingDateParameters = typeof GUIDING_DATE_PARAMETERS;

/**
 * Conversation types that count toward no contact course: allowed
 * for every group [I: the March 2017 type matrix was not read].
 */
const NON_COURSE_TYPES = [8, 9, 11, 12, 13] as const;

/** What a citizen profile may hold at all (RULES §6 registration rules, §2 groups); outside it → refused. */
export const PROFILE_PARAMETERS = {
  minimumAgeAtCourseStart: inferred(
    15,
    'the youngest people in any contact group are the under-18s of group 11 (LAB § 6); nobody younger is in a course',
  ),
  maximumAgeAtCourseStart: inferred(
    80,
    'no contact group runs far past the state pension age (67 in 2022, ' +
      'rising to 70 from 2040); 80 leaves room for late sickness benefit',
  ),
  /**
   * Conversation types a caseworker may register for a group; a held conversation of another type is refused
   * ([F:S25]: the type must be allowed for the group on that date). Course types per group from the RULES §2 table
   * [F:S17,S23]; the non-course types 8, 9, 11, 12, 13 for every group [I].
   */
  heldTypesByGroup: param<Readonly<Record<string, readonly number[]>>>(
    {
      UNEMPLOYMENT_BENEFIT: [7, 10, 15, 17, ...NON_COURSE_TYPES],
      SOCIAL_ASSISTANCE_JOB_READY: [7, ...NON_COURSE_TYPES],
      SOCIAL_ASSISTANCE_ACTIVITY_READY: [7, ...NON_COURSE_TYPES],
      EDUCATION_READY: [7, ...NON_COURSE_TYPES],
      EDUCATION_ASSISTANCE_ACTIVITY_READY: [7, ...NON_COURSE_TYPES],
      SICKNESS_BENEFIT: [4, ...NON_COURSE_TYPES],
      JOB_CLARIFICATION_COURSE: [4, 7, ...NON_COURSE_TYPES],
      RESOURCE_COURSE: [4, 7, ...NON_COURSE_TYPES],
      FLEX_JOB_BENEFIT: [7, ...NON_COURSE_TYPES],
      REHABILITATION: [4, 7, ...NON_COURSE_TYPES],
      OTHER: [4, 7, ...NON_COURSE_TYPES],
    },
    'F:S17,S23,S25; I',
    'course types per group as in the RULES §2 table; other types count toward nothing and are allowed for all',
  ),
  /**
   * Dagpenge without the a-kasse's first dagpenge day: 'FIRST_DAY_IN_GROUP' anchors the clock on the first day of
   * the dagpenge group (the citizen registers from the first day of unemployment [F:S1,S3]) until the a-kasse's
   * report replaces it retroactively (RULES §8.9); 'REQUIRED' refuses the profile (MISSING_ANCHOR).
   */
  unemploymentBenefitAnchorWhenUnreported: inferred<'FIRST_DAY_IN_GROUP' | 'REQUIRED'>(
    'FIRST_DAY_IN_GROUP',
    'the schedule service always stores the day from the registration; a late report is applied retroactively (§8.9)',
  ),
} as const;

export type ProfileParameters = typeof PROFILE_PARAMETERS;

/** When a self-booking deadline is possible at all (RULES §5 "Deadline"). */
export const SELF_BOOKING_DEADLINE_PARAMETERS = {
  minimumDeadlineDays: param(8, 'F:S5', 'a self-booking deadline is at least 8 days'),
  groupsWithoutMinimum: param<readonly string[]>(
    ['SICKNESS_BENEFIT'],
    'F:S5',
    'the 8-day minimum does not apply to sygedagpenge',
  ),
} as const;

export type SelfBookingDeadlineParameters = typeof SELF_BOOKING_DEADLINE_PARAMETERS;
