/**
 * Configurable rule values. RULES.md requires every `[I]` (inferred) value to be a named parameter
 * with its default, so when a guide proves one wrong, one line changes. Each entry carries its
 * source tag (`F:Sx` read in a source, `I` inferred) and a one-line reason.
 */

export interface Param<T> {
  readonly value: T;
  /** RULES.md tag without brackets, e.g. `F:S10` or `I`. */
  readonly source: string;
  readonly reason: string;
}

export function param<T>(value: T, source: string, reason: string): Param<T> {
  return Object.freeze({ value, source, reason });
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
  lookaheadMonths: param(60, 'I', 'bounds the work for a clock that stalls (e.g. a future change of group)'),
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
  unemploymentBenefitSicknessDays: param(14, 'F:S8 §20 stk. 4', 'a dagpenge recipient has no duty in the first 14 days of sickness'),
  otherGroupsSicknessDays: param(Infinity, 'I', 'other groups: the whole registered sickness is legitimate absence'),
} as const;

export type ExemptionParameters = typeof EXEMPTION_PARAMETERS;

/** Guiding dates (RULES §4 step 5). */
export const GUIDING_DATE_PARAMETERS = {
  nonWorkingDay: param<'PREVIOUS_WORKING_DAY' | 'KEEP'>(
    'PREVIOUS_WORKING_DAY',
    'I',
    'a guiding date on a weekend, holiday or closing day moves back, so the legal ceiling is never exceeded',
  ),
} as const;

export type GuidingDateParameters = typeof GUIDING_DATE_PARAMETERS;
