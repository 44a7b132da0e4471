/**
 * Local wall-clock time in Europe/Copenhagen, DST-safe, without a date library: Intl gives the offset of an
 * instant; a local time is converted by guessing with the offset and correcting once (which lands on the
 * right side of both transitions: a non-existent 02:30 in March becomes 03:30, an ambiguous one in October
 * the first of the two).
 */
import { COPENHAGEN, zoneOffsetMinutes } from '@selvbook/calendar';

export interface LocalParts {
  date: string;
  hour: number;
  minute: number;
}

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: COPENHAGEN,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function localPartsOf(instant: Date): LocalParts {
  const p = Object.fromEntries(partsFormat.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), minute: Number(p.minute) };
}

/** The instant a local date and time in Europe/Copenhagen names. */
export function instantOfLocal(date: string, hour: number, minute = 0): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  let guess = wall - zoneOffsetMinutes(wall, COPENHAGEN) * 60_000;
  const corrected = wall - zoneOffsetMinutes(guess, COPENHAGEN) * 60_000;
  if (corrected !== guess) guess = corrected;
  return new Date(guess);
}

export function addLocalDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
