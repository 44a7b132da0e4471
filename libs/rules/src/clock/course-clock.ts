/**
 * Course clocks: map "the course has run for X" to the day it happens.
 *
 * Months are counted from the anchor as anniversaries (anchor 2024-01-31: one month = 2024-02-29), and
 * a fractional month interpolates over the days of that anniversary month. Rounding 'up' gives the first
 * day at the start of which the clock has reached X (due dates, window floors); 'down' the last day at
 * the start of which it has not passed X (legal ceilings), so a ceiling is never overshot.
 */
import { DayNumber, dayNumberOf, daysInMonth, ymdNumberOf } from '@selvbook/calendar';
import { Duration } from '../parameters';

/** A day that is never reached (the clock stalls). Far beyond any real date, still a safe integer. */
export const NEVER: DayNumber = 1e9;

export type Rounding = 'up' | 'down';

export interface CourseClock {
  readonly kind: 'CUMULATIVE_UNEMPLOYMENT_HOURS' | 'CALENDAR';
  readonly anchor: DayNumber;
  /** The day the clock reaches `duration`, or `NEVER`. */
  dayAt(duration: Duration, rounding?: Rounding): DayNumber;
}

const EPS = 1e-9;

/** Anniversary arithmetic from a fixed anchor (no chaining, so 31 Jan + 2 months = 31 Mar). */
export class Anniversaries {
  private readonly y: number;
  private readonly m: number;
  private readonly d: number;

  constructor(readonly anchor: DayNumber) {
    const ymd = ymdNumberOf(anchor);
    this.y = Math.floor(ymd / 10000);
    this.m = Math.floor(ymd / 100) % 100;
    this.d = ymd % 100;
  }

  /** The k-th anniversary (k whole months after the anchor). */
  at(k: number): DayNumber {
    const index = this.y * 12 + this.m - 1 + k;
    const year = Math.floor(index / 12);
    const month = index - year * 12 + 1;
    const dim = daysInMonth(year, month);
    return dayNumberOf(year, month, this.d < dim ? this.d : dim);
  }

  /** The day `m` (possibly fractional) months after the anchor. */
  atMonths(m: number, rounding: Rounding): DayNumber {
    const k = Math.floor(m + EPS);
    const start = this.at(k);
    const frac = m - k;
    if (frac <= EPS) return start;
    const len = this.at(k + 1) - start;
    return start + (rounding === 'up' ? Math.ceil(frac * len - EPS) : Math.floor(frac * len + EPS));
  }
}

/** Calendar time from the anchor: non-dagpenge groups [F:S16 §9, RULES §4 step 4]. */
export class CalendarClock implements CourseClock {
  readonly kind = 'CALENDAR' as const;
  private readonly anniversaries: Anniversaries;

  constructor(
    readonly anchor: DayNumber,
    private readonly hoursPerMonth = 160.33,
  ) {
    this.anniversaries = new Anniversaries(anchor);
  }

  dayAt(duration: Duration, rounding: Rounding = 'up'): DayNumber {
    const { amount, unit } = duration;
    switch (unit) {
      case 'months':
        return this.anniversaries.atMonths(amount, rounding);
      case 'weeks':
        return this.anchor + roundDays(amount * 7, rounding);
      case 'days':
        return this.anchor + roundDays(amount, rounding);
      case 'hours':
        return this.anniversaries.atMonths(amount / this.hoursPerMonth, rounding);
    }
  }
}

function roundDays(x: number, rounding: Rounding): number {
  return rounding === 'up' ? Math.ceil(x - EPS) : Math.floor(x + EPS);
}
