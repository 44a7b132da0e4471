/**
 * The dagpenge clock: cumulative unemployment (sammenlagt ledighed) from the first dagpenge day
 * [F:S4,S16 §9], measured in hours, one month = 160.33 h full-time or 130 h part-time [F:S42].
 *
 * Model [I, RULES §4 step 1]: the clock counts "clock days". A calendar day on dagpenge is one clock day
 * until the a-kasse reports the month; a reported month counts its days scaled by
 * reported hours / projected hours (projected = a month's hours × the share of the month on dagpenge).
 * A span of the clock is the calendar length it would have with full payment: k months = the k-th
 * anniversary of the anchor, w weeks = 7w days, h hours = h / (hours per month) months. So without
 * reports the dates are plain calendar arithmetic, and fewer paid hours can only move them later.
 * Days on another benefit after dagpenge began (the citizen left and came back) count nothing unless
 * the a-kasse reports hours for them.
 */
import { DayNumber, dayNumberOf, daysInMonth, ymdNumberOf } from '@selvbook/calendar';
import { Duration } from '../parameters';
import { Anniversaries, CourseClock, NEVER, Rounding } from './course-clock';

const EPS = 1e-7;
const EMPTY: number[] = [];

export interface UnemploymentClockOptions {
  readonly hoursPerMonth: number;
  readonly lookaheadMonths: number;
  /** Reported months as `year * 12 + month - 1`, ascending, with their paid hours. */
  readonly reportMonths: readonly number[];
  readonly reportHours: readonly number[];
  /** Paused day ranges as flat [from, to) pairs, ascending and disjoint. */
  readonly pauses: readonly number[];
}

// Scratch for the pieces of one calendar month.
const pieceStart: number[] = [];
const pieceEnd: number[] = [];
const piecePaused: boolean[] = [];

export class UnemploymentClock implements CourseClock {
  readonly kind = 'CUMULATIVE_UNEMPLOYMENT_HOURS' as const;
  private readonly anniversaries: Anniversaries;
  /** No reports and no pauses: one clock day per calendar day. */
  private readonly projectedOnly: boolean;

  // Segments of constant rate (clock days per calendar day), built lazily month by month.
  private segStart: number[] = EMPTY;
  private segCum: number[] = EMPTY;
  private segRate: number[] = EMPTY;
  private builtUntil: DayNumber;
  private builtCum = 0;
  private monthsBuilt = 0;
  private year: number;
  private month: number;
  private reportIndex = 0;
  private pauseIndex = 0;

  constructor(
    readonly anchor: DayNumber,
    private readonly o: UnemploymentClockOptions,
  ) {
    this.anniversaries = new Anniversaries(anchor);
    const ymd = ymdNumberOf(anchor);
    this.year = Math.floor(ymd / 10000);
    this.month = Math.floor(ymd / 100) % 100;
    const anchorMonth = this.year * 12 + this.month - 1;
    const lastReport = o.reportMonths.length ? o.reportMonths[o.reportMonths.length - 1] : -Infinity;
    this.projectedOnly = lastReport < anchorMonth && o.pauses.length === 0;
    this.builtUntil = anchor;
    if (!this.projectedOnly) {
      this.segStart = [];
      this.segCum = [];
      this.segRate = [];
      while (this.reportIndex < o.reportMonths.length && o.reportMonths[this.reportIndex] < anchorMonth)
        this.reportIndex++;
    }
  }

  /** Clock days in a span: its calendar length from the anchor with full payment. */
  clockDaysOf(duration: Duration, rounding: Rounding = 'up'): number {
    const { amount, unit } = duration;
    switch (unit) {
      case 'months':
        return this.anniversaries.atMonths(amount, rounding) - this.anchor;
      case 'hours':
        return this.anniversaries.atMonths(amount / this.o.hoursPerMonth, rounding) - this.anchor;
      case 'weeks':
        return roundDays(amount * 7, rounding);
      case 'days':
        return roundDays(amount, rounding);
    }
  }

  dayAt(duration: Duration, rounding: Rounding = 'up'): DayNumber {
    const target = this.clockDaysOf(duration, rounding);
    if (this.projectedOnly) return this.anchor + target;
    return this.dayAtClockDays(target, rounding);
  }

  /** Clock days run at the start of `day` (for tests and explanations). */
  clockDaysAtStartOf(day: DayNumber): number {
    if (day <= this.anchor) return 0;
    if (this.projectedOnly) return day - this.anchor;
    while (this.builtUntil < day) if (!this.extendOneMonth()) break;
    let j = this.segStart.length - 1;
    while (j > 0 && this.segStart[j] > day) j--;
    return this.segCum[j] + this.segRate[j] * (Math.min(day, this.segEnd(j)) - this.segStart[j]);
  }

  private segEnd(j: number): DayNumber {
    return j + 1 < this.segStart.length ? this.segStart[j + 1] : this.builtUntil;
  }

  /** 'up': first day at whose start the clock has reached `target`; 'down': last day it has not passed it. */
  private dayAtClockDays(target: number, rounding: Rounding): DayNumber {
    if (target <= EPS) return this.anchor;
    const needed = rounding === 'up' ? target - EPS : target + EPS;
    while (this.builtCum < needed) if (!this.extendOneMonth()) return NEVER;
    for (let j = 0; j < this.segStart.length; j++) {
      const cum = this.segCum[j];
      const rate = this.segRate[j];
      const endCum = cum + rate * (this.segEnd(j) - this.segStart[j]);
      if (rounding === 'up') {
        if (cum >= target - EPS) return this.segStart[j];
        if (endCum >= target - EPS) return this.segStart[j] + Math.ceil((target - cum) / rate - EPS);
      } else if (endCum > target + EPS) {
        return this.segStart[j] + Math.floor((target - cum) / rate + EPS);
      }
    }
    return NEVER;
  }

  /** Appends the segments of the next calendar month; false once past the lookahead. */
  private extendOneMonth(): boolean {
    if (this.monthsBuilt >= this.o.lookaheadMonths) return false;
    const monthIndex = this.year * 12 + this.month - 1;
    const nextYear = this.month === 12 ? this.year + 1 : this.year;
    const nextMonth = this.month === 12 ? 1 : this.month + 1;
    const monthEnd = dayNumberOf(nextYear, nextMonth, 1);

    // Split the month at pause boundaries.
    let pieces = 0;
    let onBenefit = 0;
    let day = this.builtUntil;
    const pauses = this.o.pauses;
    while (day < monthEnd) {
      while (this.pauseIndex < pauses.length && pauses[this.pauseIndex + 1] <= day) this.pauseIndex += 2;
      let end = monthEnd;
      let paused = false;
      if (this.pauseIndex < pauses.length) {
        const pFrom = pauses[this.pauseIndex];
        const pTo = pauses[this.pauseIndex + 1];
        if (pFrom <= day) {
          paused = true;
          if (pTo < end) end = pTo;
        } else if (pFrom < end) {
          end = pFrom;
        }
      }
      pieceStart[pieces] = day;
      pieceEnd[pieces] = end;
      piecePaused[pieces] = paused;
      if (!paused) onBenefit += end - day;
      pieces++;
      day = end;
    }

    // A reported month replaces the projection: paid / projected hours scales its clock days.
    const reports = this.o.reportMonths;
    while (this.reportIndex < reports.length && reports[this.reportIndex] < monthIndex) this.reportIndex++;
    const reported =
      this.reportIndex < reports.length && reports[this.reportIndex] === monthIndex
        ? this.o.reportHours[this.reportIndex]
        : -1;
    const covered = monthEnd - this.builtUntil;
    const monthHours = (this.o.hoursPerMonth * covered) / daysInMonth(this.year, this.month);
    for (let i = 0; i < pieces; i++) {
      let rate = piecePaused[i] ? 0 : 1;
      if (reported >= 0) {
        // Hours reported for a month spent on another benefit are spread over the whole month.
        rate = onBenefit > 0 ? (rate * covered * reported) / (monthHours * onBenefit) : reported / monthHours;
      }
      this.segStart.push(pieceStart[i]);
      this.segCum.push(this.builtCum);
      this.segRate.push(rate);
      this.builtCum += rate * (pieceEnd[i] - pieceStart[i]);
    }
    this.builtUntil = monthEnd;
    this.year = nextYear;
    this.month = nextMonth;
    this.monthsBuilt++;
    return true;
  }
}

function roundDays(x: number, rounding: Rounding): number {
  return rounding === 'up' ? Math.ceil(x - EPS) : Math.floor(x + EPS);
}
