/**
 * Local days as instants in a time zone (default Europe/Copenhagen), DST-safe [RULES §8.3].
 * Zone offsets come from `Intl.DateTimeFormat`, so the runtime's tz database is the only source.
 */
import { DayNumber, LocalDate, dayNumberOf, fromDayNumber, toDayNumber } from './local-date';

export const COPENHAGEN = 'Europe/Copenhagen';

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl's options for a zone's wall-clock time, every field numeric, hours 0–23. */
export const WALL_CLOCK_FORMAT: Omit<Intl.DateTimeFormatOptions, 'timeZone'> = {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
};

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, ...WALL_CLOCK_FORMAT });
    formatters.set(zone, f);
  }
  return f;
}

/** Local wall-clock time of an instant as Intl gives it, as milliseconds on a UTC-based scale (whole seconds). */
function intlWallTime(instantMs: number, zone: string): number {
  const wall = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatterFor(zone).formatToParts(instantMs)) {
    if (p.type in wall) wall[p.type as keyof typeof wall] = +p.value;
  }
  const { year, month, day, hour, minute, second } = wall;
  return dayNumberOf(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
}

const MS_PER_HOUR = 3_600_000;
/** Per zone, per UTC hour: the zone's offset in ms when one offset holds for the whole hour, else NaN. */
const hourOffsets = new Map<string, Map<number, number>>();

/**
 * Local wall-clock time of an instant, as milliseconds on a UTC-based scale (whole seconds). Intl's
 * formatToParts costs ≈ 10 µs and a booking or a slot search asks a few times, so offsets are remembered per
 * UTC hour: a zone changes its offset at whole seconds and never twice within an hour, so if the hour's
 * first and last second have the same offset, every second between has it; an hour with a change in it
 * asks Intl for each instant.
 */
function wallTime(instantMs: number, zone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  const hour = Math.floor(instantMs / MS_PER_HOUR);
  let offsets = hourOffsets.get(zone);
  if (!offsets) hourOffsets.set(zone, (offsets = new Map()));
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const first = hour * MS_PER_HOUR;
    const last = first + MS_PER_HOUR - 1000;
    const atFirst = intlWallTime(first, zone) - first;
    offset = intlWallTime(last, zone) - last === atFirst ? atFirst : NaN;
    if (offsets.size >= 100_000) offsets.clear(); // a bound; a working set is a few hundred hours
    offsets.set(hour, offset);
  }
  return Number.isNaN(offset) ? intlWallTime(whole, zone) : whole + offset;
}

/** Offset of the zone from UTC at an instant, in minutes (Copenhagen: 60 in winter, 120 in summer). */
export function zoneOffsetMinutes(instant: Date | number, zone: string = COPENHAGEN): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const whole = Math.floor(ms / 1000) * 1000;
  return Math.round((wallTime(whole, zone) - whole) / 60_000);
}

/** The local date of an instant in the zone. */
export function localDateOf(instant: Date | number, zone: string = COPENHAGEN): LocalDate {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('localDateOf: invalid instant');
  return fromDayNumber(Math.floor(wallTime(ms, zone) / MS_PER_DAY));
}

/**
 * The earliest instant whose local wall time in the zone is `wall` (ms on the UTC-based scale, whole
 * seconds), or null when `wall` falls in a gap. The offsets a day either side cover both sides of any
 * change near it.
 */
function instantOfWall(wall: number, zone: string): number | null {
  let best: number | null = null;
  for (const offset of [zoneOffsetMinutes(wall - MS_PER_DAY, zone), zoneOffsetMinutes(wall + MS_PER_DAY, zone)]) {
    const t = wall - offset * MS_PER_MINUTE;
    if (wallTime(t, zone) === wall && (best === null || t < best)) best = t;
  }
  return best;
}

/**
 * First instant of a local day: local midnight, or the first instant after it if midnight falls in
 * a DST gap (not the case in Copenhagen, whose switches are at 02:00 and 03:00).
 */
function startOfLocalDayNumber(day: DayNumber, zone: string): number {
  const wall = day * MS_PER_DAY;
  const exact = instantOfWall(wall, zone);
  if (exact !== null) return exact;
  // Gap: the earliest instant whose wall time is at or after midnight (binary search to the second).
  const before = zoneOffsetMinutes(wall - MS_PER_DAY, zone) * MS_PER_MINUTE;
  const after = zoneOffsetMinutes(wall + MS_PER_DAY, zone) * MS_PER_MINUTE;
  let lo = wall - Math.max(before, after);
  let hi = wall - Math.min(before, after);
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (wallTime(mid, zone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The instant a local day starts. */
export function startOfLocalDay(date: LocalDate, zone: string = COPENHAGEN): Date {
  return new Date(startOfLocalDayNumber(toDayNumber(date), zone));
}

/**
 * The instant a local day ends = the start of the next local day (exclusive end). On the last Sunday
 * of March the Copenhagen day is 23 h long, on the last Sunday of October 25 h.
 */
export function endOfLocalDay(date: LocalDate, zone: string = COPENHAGEN): Date {
  return new Date(startOfLocalDayNumber(toDayNumber(date) + 1, zone));
}

/** Length of a local day in hours (23, 24 or 25 in Copenhagen). */
export function hoursInLocalDay(date: LocalDate, zone: string = COPENHAGEN): number {
  return (endOfLocalDay(date, zone).getTime() - startOfLocalDay(date, zone).getTime()) / 3_600_000;
}

/** A local date and wall-clock time, to the minute. */
export interface LocalTime {
  date: LocalDate;
  hour: number;
  minute: number;
}

/** The local date and wall-clock time (to the minute) of an instant in the zone. */
export function localTimeOf(instant: Date | number, zone: string = COPENHAGEN): LocalTime {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('localTimeOf: invalid instant');
  const wall = wallTime(ms, zone);
  const day = Math.floor(wall / MS_PER_DAY);
  const minutes = Math.floor((wall - day * MS_PER_DAY) / MS_PER_MINUTE);
  return { date: fromDayNumber(day), hour: Math.floor(minutes / 60), minute: minutes % 60 };
}

/**
 * The instant a local wall-clock time occurs on a local date in the zone [RULES §8.3]. A time in the
 * spring-forward gap (02:00–02:59 on the last Sunday of March in Copenhagen) does not exist: `null`. A time
 * that occurs twice (02:00–02:59 on the last Sunday of October) is its first occurrence (summer time).
 */
export function localTimeToInstant(
  date: LocalDate,
  minutesAfterMidnight: number,
  zone: string = COPENHAGEN,
): Date | null {
  const instant = instantOfWall(toDayNumber(date) * MS_PER_DAY + minutesAfterMidnight * MS_PER_MINUTE, zone);
  return instant === null ? null : new Date(instant);
}

/**
 * As `localTimeToInstant`, but a time in a spring-forward gap is moved on by the gap, as a clock set the day
 * before would ring: 02:30 on the last Sunday of March is 03:30 summer time. For times something is due at
 * (a reminder at 09:00 two days before), which must happen even on a day the time is skipped.
 */
export function localTimeToInstantOrLater(
  date: LocalDate,
  minutesAfterMidnight: number,
  zone: string = COPENHAGEN,
): Date {
  const wall = toDayNumber(date) * MS_PER_DAY + minutesAfterMidnight * MS_PER_MINUTE;
  return new Date(instantOfWall(wall, zone) ?? wall - zoneOffsetMinutes(wall - MS_PER_DAY, zone) * MS_PER_MINUTE);
}
