/**
 * Working days (arbejdsdage): not a weekend, not a Danish public holiday and, per jobcenter, not a
 * local closing day (lukkedag) such as 5 June, 24 or 31 December [F:S39,S49].
 */
import { DayNumber, LocalDate, dayNumberOf, fromDayNumber, isWeekendDay, toDayNumber } from './local-date';
import { publicHolidayDayNumbersOf } from './public-holidays';

// National non-working days for 1900–2299 in one byte table, filled a year at a time on first use,
// so `isWorkingDay` is an array read on the hot path.
const TABLE_FIRST_YEAR = 1900;
const TABLE_LAST_YEAR = 2299;
const TABLE_FIRST = dayNumberOf(TABLE_FIRST_YEAR, 1, 1);
const TABLE_LAST = dayNumberOf(TABLE_LAST_YEAR, 12, 31);
const UNKNOWN = 0;
const WORKING = 1;
const WEEKEND = 2;
const HOLIDAY = 3;
const nationalDays = new Uint8Array(TABLE_LAST - TABLE_FIRST + 1);

function fillYear(year: number): void {
  const first = dayNumberOf(year, 1, 1);
  const last = dayNumberOf(year, 12, 31);
  for (let d = first; d <= last; d++) nationalDays[d - TABLE_FIRST] = isWeekendDay(d) ? WEEKEND : WORKING;
  for (const d of publicHolidayDayNumbersOf(year)) nationalDays[d - TABLE_FIRST] = HOLIDAY;
}

function nationalKind(day: DayNumber): number {
  if (day < TABLE_FIRST || day > TABLE_LAST) {
    throw new RangeError(
      `Date ${fromDayNumber(day)} is outside the supported years ${TABLE_FIRST_YEAR}–${TABLE_LAST_YEAR}`,
    );
  }
  const i = day - TABLE_FIRST;
  let kind = nationalDays[i];
  if (kind === UNKNOWN) {
    fillYear(yearOfTableIndex(i));
    kind = nationalDays[i];
  }
  return kind;
}

function yearOfTableIndex(i: number): number {
  let year = TABLE_FIRST_YEAR + Math.floor(i / 365.2425);
  while (dayNumberOf(year, 1, 1) > TABLE_FIRST + i) year--;
  while (dayNumberOf(year + 1, 1, 1) <= TABLE_FIRST + i) year++;
  return year;
}

/** True if the day is a Danish public holiday (by day number). */
export function isPublicHolidayDayNumber(day: DayNumber): boolean {
  return nationalKind(day) === HOLIDAY;
}

export function isPublicHoliday(date: LocalDate): boolean {
  return isPublicHolidayDayNumber(toDayNumber(date));
}

/**
 * A working-day calendar: the national one, optionally with a jobcenter's local closing days.
 * Immutable; construct one per jobcenter and reuse it.
 */
export class WorkingDayCalendar {
  private readonly closing: ReadonlySet<DayNumber>;
  private readonly hasClosingDays: boolean;

  constructor(
    closingDays: Iterable<LocalDate> = [],
    readonly name = 'DK',
  ) {
    const set = new Set<DayNumber>();
    for (const date of closingDays) set.add(toDayNumber(date));
    this.closing = set;
    this.hasClosingDays = set.size > 0;
  }

  /** The same national calendar plus more closing days (e.g. a jobcenter's local ones). */
  withClosingDays(closingDays: Iterable<LocalDate>, name = this.name): WorkingDayCalendar {
    return new WorkingDayCalendar([...this.closingDays(), ...closingDays], name);
  }

  closingDays(): LocalDate[] {
    return [...this.closing].sort((a, b) => a - b).map(fromDayNumber);
  }

  // --- day-number API (hot path) ---

  isWorkingDayNumber(day: DayNumber): boolean {
    return nationalKind(day) === WORKING && !(this.hasClosingDays && this.closing.has(day));
  }

  /** `day` if it is a working day, else the nearest earlier working day. */
  previousWorkingDayNumber(day: DayNumber): DayNumber {
    while (!this.isWorkingDayNumber(day)) day--;
    return day;
  }

  /** `day` if it is a working day, else the nearest later working day. */
  nextWorkingDayNumber(day: DayNumber): DayNumber {
    while (!this.isWorkingDayNumber(day)) day++;
    return day;
  }

  /**
   * Moves n working days. A non-working `day` is first rolled back to the previous working day, then
   * stepped (numpy's busday_offset with roll='backward'): Saturday + 1 = Monday, Saturday + 0 = Friday,
   * Saturday − 1 = Thursday. So the result is always a working day and strictly increasing in n.
   */
  addWorkingDaysNumber(day: DayNumber, n: number): DayNumber {
    day = this.previousWorkingDayNumber(day);
    const step = n > 0 ? 1 : -1;
    let left = Math.abs(n);
    while (left > 0) {
      day += step;
      if (this.isWorkingDayNumber(day)) left--;
    }
    return day;
  }

  /** Working days in [from, to) (negative if to < from). */
  workingDaysBetweenNumber(from: DayNumber, to: DayNumber): number {
    if (to < from) return -this.workingDaysBetweenNumber(to, from);
    let count = 0;
    for (let d = from; d < to; d++) if (this.isWorkingDayNumber(d)) count++;
    return count;
  }

  // --- ISO-string API ---

  isClosingDay(date: LocalDate): boolean {
    return this.closing.has(toDayNumber(date));
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(date));
  }

  /** On or before `date`. */
  previousWorkingDay(date: LocalDate): LocalDate {
    return fromDayNumber(this.previousWorkingDayNumber(toDayNumber(date)));
  }

  /** On or after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    return fromDayNumber(this.nextWorkingDayNumber(toDayNumber(date)));
  }

  addWorkingDays(date: LocalDate, n: number): LocalDate {
    return fromDayNumber(this.addWorkingDaysNumber(toDayNumber(date), n));
  }

  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    return this.workingDaysBetweenNumber(toDayNumber(from), toDayNumber(to));
  }
}

/** Weekends and public holidays only. */
export const NATIONAL_CALENDAR = new WorkingDayCalendar([], 'DK');

export function isWorkingDay(date: LocalDate, calendar: WorkingDayCalendar = NATIONAL_CALENDAR): boolean {
  return calendar.isWorkingDay(date);
}

/** On or before `date`. */
export function previousWorkingDay(date: LocalDate, calendar: WorkingDayCalendar = NATIONAL_CALENDAR): LocalDate {
  return calendar.previousWorkingDay(date);
}

/** On or after `date`. */
export function nextWorkingDay(date: LocalDate, calendar: WorkingDayCalendar = NATIONAL_CALENDAR): LocalDate {
  return calendar.nextWorkingDay(date);
}

export function addWorkingDays(
  date: LocalDate,
  n: number,
  calendar: WorkingDayCalendar = NATIONAL_CALENDAR,
): LocalDate {
  return calendar.addWorkingDays(date, n);
}
