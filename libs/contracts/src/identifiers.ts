import { randomUUID } from 'node:crypto';

/**
 * Identifier and date formats shared by the envelope, the data classes and the AsyncAPI schemas.
 * Patterns are anchored and flag-free so they can be copied verbatim into JSON Schema `pattern`.
 */

export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** jobcenterCode: 3-digit municipality number + 2-digit sub-unit (GLOSSARY). */
export const JOBCENTER_CODE_PATTERN = /^[1-9][0-9]{4}$/;
/** akasseId: a short slug (e.g. `3f`, `ca`); it becomes part of a topic name, so no dots or slashes. */
export const AKASSE_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const LOCAL_DATE_PATTERN = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
/** RFC 3339 date-time with seconds and an explicit offset (what `Date#toISOString` produces, and more). */
export const INSTANT_PATTERN = new RegExp(
  '^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})' +
    '(?:\\.[0-9]{1,9})?(?:[Zz]|[+-]([0-9]{2}):([0-9]{2}))$',
);
export const YEAR_MONTH_PATTERN = /^[0-9]{4}-(?:0[1-9]|1[0-2])$/;
/** Event type: `<aggregate>.<what-happened>`, lower-case kebab segments. */
export const EVENT_TYPE_PATTERN = /^[a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)+$/;
/** Producing service name, e.g. `booking-service`. */
export const SOURCE_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
/**
 * Correlation and causation ids: a uuid or a W3C trace id (32 lower-case hex digits), and nothing else — a
 * bounded, header-safe form that free text (or a CPR number) cannot take. `isTraceId` also refuses the
 * CPR-shaped ones a caller could craft inside either form.
 */
export const TRACE_ID_PATTERN =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-f]{32})$/;
/**
 * CPR number shape: ddmmyy, optional hyphen, 4 digits, not part of a longer digit run.
 * Used to refuse CPR numbers wherever free text or ids enter an event (no CPR ever enters Kafka).
 */
export const CPR_LIKE_PATTERN = /(?<![0-9])([0-9]{2})([0-9]{2})[0-9]{2}-?[0-9]{4}(?![0-9])/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** The pseudonymous citizenId is a uuid; a CPR number can never pass. */
export function isCitizenId(value: unknown): value is string {
  return isUuid(value);
}

export function isJobcenterCode(value: unknown): value is string {
  return typeof value === 'string' && JOBCENTER_CODE_PATTERN.test(value);
}

export function isAkasseId(value: unknown): value is string {
  return typeof value === 'string' && AKASSE_ID_PATTERN.test(value) && !looksLikeCpr(value);
}

const CPR_LIKE_GLOBAL = new RegExp(CPR_LIKE_PATTERN.source, 'g');
const SIX_DIGITS = /[0-9]{6}/;

/** True when the text contains something shaped like a CPR number with a plausible day and month. */
export function looksLikeCpr(value: string): boolean {
  if (!SIX_DIGITS.test(value)) return false; // the common case, without the global scan
  for (const match of value.matchAll(CPR_LIKE_GLOBAL)) {
    const day = Number(match[1]);
    const month = Number(match[2]);
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12) return true;
  }
  return false;
}

/**
 * A correlation or causation id that may be stored and forwarded: the trace-id form, and nothing shaped like a
 * CPR number inside it. Unlike a citizenId (which Selvbook generates), a correlation id is chosen by callers,
 * so a uuid is not exempt: `aa010180-1001-4…` carries a CPR number.
 */
export function isTraceId(value: unknown): value is string {
  return typeof value === 'string' && TRACE_ID_PATTERN.test(value) && !looksLikeCpr(value);
}

/**
 * A new random id that `isTraceId` accepts: a uuid, drawn again in the rare case (≈ 1 in 2,000) that its hex
 * digits happen to form a CPR-shaped run, so a generated id is never refused where a correlation id must pass.
 */
export function newTraceId(): string {
  for (;;) {
    const id = randomUUID();
    if (!looksLikeCpr(id)) return id;
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * The years a date or instant may name, in events and at the REST boundary alike: wide enough for any birth
 * date and any schedule, narrow enough that no calculation runs off the end of a calendar (a contact group
 * from 9999-01-01 answered 500). One bound, so what an endpoint accepts can always be published.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** A calendar date without time zone, `YYYY-MM-DD`, that exists (no 2023-02-29), in MIN_YEAR–MAX_YEAR. */
export function isLocalDate(value: unknown): value is string {
  // By character codes, not LOCAL_DATE_PATTERN: a schedule event
  // carries dozens of dates, checked on every write and read.
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45)
    return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  return year >= 0 && month >= 0 && day >= 0 && isRealDate(year, month, day);
}

/** The decimal number written by `length` ASCII digits from `start`, or -1 if any is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/** An instant in RFC 3339 form with an offset; fields are range-checked, not just shape-checked. */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT_PATTERN.exec(value);
  if (!m) return false;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  const offsetOk = m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59);
  return isRealDate(Number(m[1]), Number(m[2]), Number(m[3])) && hour <= 23 && minute <= 59 && second <= 59 && offsetOk;
}

export function isYearMonth(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    YEAR_MONTH_PATTERN.test(value) &&
    Number(value.slice(0, 4)) >= MIN_YEAR &&
    Number(value.slice(0, 4)) <= MAX_YEAR
  );
}
