import { addDays, localTimeOf, localTimeToInstantOrLater } from '@selvbook/calendar';

export interface QuietHours {
  /** local hour quiet time starts (22 = 22:00) */
  startHour: number;
  /** local hour it ends (7 = 07:00) */
  endHour: number;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { startHour: 22, endHour: 7 };

/**
 * No SMS at night (Europe/Copenhagen wall clock): an instant inside quiet hours is moved to the next local
 * endHour; outside, it is returned unchanged. Deferred, never dropped. DST-safe: the end is computed as a
 * local time on the right local date, so a night of 23 or 25 hours still ends at 07:00 local.
 */
export function smsAllowedFrom(at: Date, quiet: QuietHours = DEFAULT_QUIET_HOURS): Date {
  if (quiet.startHour === quiet.endHour) return at;
  const { date, hour } = localTimeOf(at);
  const wraps = quiet.startHour > quiet.endHour; // e.g. 22 → 07 spans midnight
  const inQuiet = wraps
    ? hour >= quiet.startHour || hour < quiet.endHour
    : hour >= quiet.startHour && hour < quiet.endHour;
  if (!inQuiet) return at;
  const endDate = wraps && hour >= quiet.startHour ? addDays(date, 1) : date;
  return localTimeToInstantOrLater(endDate, quiet.endHour * 60);
}

export function isQuiet(at: Date, quiet: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  return smsAllowedFrom(at, quiet).getTime() !== at.getTime();
}
