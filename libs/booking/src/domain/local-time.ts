import { COPENHAGEN, LocalDate, toDayNumber, zoneOffsetMinutes } from '@selvbook/calendar';

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

/** "HH:MM" → minutes after local midnight; throws on anything else. */
export function parseWallTime(value: string): number {
  const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(value);
  if (!match) throw new RangeError(`invalid local time ${JSON.stringify(value)}: expected HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The instant a local wall-clock time occurs on a local date in `zone` [RULES §8.3].
 * A time in the spring-forward gap (02:00–02:59 on the last Sunday of March in Copenhagen) does not
 * exist: `null`. A time that occurs twice (02:00–02:59 on the last Sunday of October) is its first
 * occurrence (summer time).
 */
export function localTimeToInstant(date: LocalDate, minutesAfterMidnight: number, zone: string = COPENHAGEN): Date | null {
  const wall = toDayNumber(date) * MS_PER_DAY + minutesAfterMidnight * MS_PER_MINUTE;
  const offsets = new Set([zoneOffsetMinutes(wall - MS_PER_DAY, zone), zoneOffsetMinutes(wall + MS_PER_DAY, zone)]);
  let best: number | null = null;
  for (const offset of offsets) {
    const candidate = wall - offset * MS_PER_MINUTE;
    if (candidate + zoneOffsetMinutes(candidate, zone) * MS_PER_MINUTE === wall && (best === null || candidate < best)) {
      best = candidate;
    }
  }
  return best === null ? null : new Date(best);
}
