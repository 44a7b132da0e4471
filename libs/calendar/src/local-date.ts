/**
 * Local calendar dates without a time or zone.
 *
 * Public API values are ISO `YYYY-MM-DD` strings (`LocalDate`): readable in JSON, logs and tests and
 * ordered by plain string comparison. Arithmetic runs on `DayNumber`s (days since 1970-01-01), so the
 * rules engine's hot path is integer maths with no `Date` objects.
 */

/** An ISO calendar date `YYYY-MM-DD` (proleptic Gregorian, years 0000–9999). */
export type LocalDate = string;

/** Days since 1970-01-01 (day 0 is a Thursday). */
export type DayNumber = number;

/** ISO weekday: Monday = 1 … Sunday = 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface YearMonthDay {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number; // 1–31
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Days since the epoch of a civil date (H. Hinnant's days_from_civil; exact for any year). */
export function dayNumberOf(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The last civil date `civilFromDays` computed: its callers read it at once, so none allocates. */
let civilYear = 0;
let civilMonth = 0;
let civilDay = 0;

/** Civil date of a day number (H. Hinnant's civil_from_days), into civilYear, civilMonth and civilDay. */
function civilFromDays(dayNumber: DayNumber): void {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  civilDay = doy - Math.floor((153 * mp + 2) / 5) + 1;
  civilMonth = mp < 10 ? mp + 3 : mp - 9;
  civilYear = yoe + era * 400 + (civilMonth <= 2 ? 1 : 0);
}

/** Civil date of a day number. */
export function ymdOf(dayNumber: DayNumber): YearMonthDay {
  civilFromDays(dayNumber);
  return { year: civilYear, month: civilMonth, day: civilDay };
}

/** The civil date as one integer `yyyymmdd` (e.g. 20250305), without allocating an object. */
export function ymdNumberOf(dayNumber: DayNumber): number {
  civilFromDays(dayNumber);
  return civilYear * 10000 + civilMonth * 100 + civilDay;
}

/** Year of a day number, without allocating. */
export function yearOf(dayNumber: DayNumber): number {
  civilFromDays(dayNumber);
  return civilYear;
}

export function isoWeekdayOf(dayNumber: DayNumber): IsoWeekday {
  return (((((dayNumber + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

export function isWeekendDay(dayNumber: DayNumber): boolean {
  return isoWeekdayOf(dayNumber) >= 6;
}

export class InvalidLocalDateError extends RangeError {
  constructor(readonly value: unknown) {
    super(`Invalid local date ${JSON.stringify(value)}: expected an existing calendar date YYYY-MM-DD`);
    this.name = 'InvalidLocalDateError';
  }
}

const ZERO = 48;

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9 ? d : -1000; // poisons the sum so the range checks fail
}

/** Day number of an ISO date, or `NaN` if it is malformed or does not exist (e.g. 2023-02-29). */
export function tryParseLocalDate(value: string): DayNumber {
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) {
    return NaN;
  }
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const month = digit(value, 5) * 10 + digit(value, 6);
  const day = digit(value, 8) * 10 + digit(value, 9);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return dayNumberOf(year, month, day);
}

/** Day number of an ISO date; throws `InvalidLocalDateError` if it is not a real date. */
export function toDayNumber(date: LocalDate): DayNumber {
  const n = tryParseLocalDate(date);
  if (n !== n) throw new InvalidLocalDateError(date);
  return n;
}

export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && tryParseLocalDate(value) === tryParseLocalDate(value);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function formatDayNumber(dayNumber: DayNumber): LocalDate {
  const { year, month, day } = ymdOf(dayNumber);
  const y = year < 10 ? `000${year}` : year < 100 ? `00${year}` : year < 1000 ? `0${year}` : `${year}`;
  return `${y}-${pad2(month)}-${pad2(day)}`;
}

// Formatting is the main cost of returning dates, so strings for 1900–2299 are interned on first use.
const CACHE_FIRST = dayNumberOf(1900, 1, 1);
const CACHE_LAST = dayNumberOf(2299, 12, 31);
const formatted: (LocalDate | undefined)[] = new Array(CACHE_LAST - CACHE_FIRST + 1);

/** ISO string of a day number. */
export function fromDayNumber(dayNumber: DayNumber): LocalDate {
  if (dayNumber >= CACHE_FIRST && dayNumber <= CACHE_LAST) {
    const i = dayNumber - CACHE_FIRST;
    return formatted[i] ?? (formatted[i] = formatDayNumber(dayNumber));
  }
  return formatDayNumber(dayNumber);
}

export function localDateOfYmd(year: number, month: number, day: number): LocalDate {
  return fromDayNumber(dayNumberOf(year, month, day));
}

/** Adds whole months to a day number; a day past the target month's end clamps to its last day. */
export function addMonthsToDayNumber(dayNumber: DayNumber, months: number): DayNumber {
  const { year, month, day } = ymdOf(dayNumber);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return dayNumberOf(y, m, Math.min(day, daysInMonth(y, m)));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** `date` plus whole months, clamped to the end of the month (2024-01-31 + 1 month = 2024-02-29). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  return fromDayNumber(addMonthsToDayNumber(toDayNumber(date), months));
}

/** Whole days from `from` to `to` (negative if `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function isoWeekday(date: LocalDate): IsoWeekday {
  return isoWeekdayOf(toDayNumber(date));
}

/** Negative, zero or positive; ISO strings of the same shape compare like the dates they denote. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
