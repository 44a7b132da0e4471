import {
  COPENHAGEN,
  isoWeekday,
  isPublicHoliday,
  LocalDate,
  addDays,
  compareLocalDates,
  IsoWeekday,
  localTimeToInstant,
} from '@selvbook/calendar';

/** One opening period of a weekly template: on `weekday` (ISO, 1 = Monday) from `opens` to `closes`, local time. */
export interface OpeningPeriod {
  weekday: IsoWeekday;
  opens: string;
  closes: string;
}

export interface WeeklyTemplate {
  periods: OpeningPeriod[];
  /** length of each meeting (real elapsed minutes) */
  slotMinutes: number;
  /** pause between meetings */
  gapMinutes?: number;
}

export interface TemplateWindow {
  /** first and last local date to generate, inclusive */
  from: LocalDate;
  to: LocalDate;
  /** the organisation's local closing days (lukkedage: 5 June, 24 and 31 December, …) */
  closingDays?: Iterable<LocalDate>;
  zone?: string;
}

export interface GeneratedSlotTime {
  date: LocalDate;
  startsAt: Date;
  endsAt: Date;
}

/** Longest window one expansion may cover, so one request cannot ask for years of slots. */
export const MAX_TEMPLATE_DAYS = 366;

/**
 * Expands a weekly opening template into slot times: local wall-clock times in Europe/Copenhagen turned
 * into instants day by day (so a 09:00 meeting is 09:00 on both sides of a DST switch), skipping Danish
 * public holidays and the organisation's local closing days [RULES §8.1, §8.3]. A start that does not
 * exist (spring-forward gap) is skipped; one that occurs twice is generated once, at its first occurrence.
 */
export function expandWeeklyTemplate(template: WeeklyTemplate, window: TemplateWindow): GeneratedSlotTime[] {
  const zone = window.zone ?? COPENHAGEN;
  const closing = new Set(window.closingDays ?? []);
  const gap = template.gapMinutes ?? 0;
  if (!Number.isInteger(template.slotMinutes) || template.slotMinutes < 5 || template.slotMinutes > 480) {
    throw new RangeError('slotMinutes must be a whole number between 5 and 480');
  }
  if (!Number.isInteger(gap) || gap < 0 || gap > 480)
    throw new RangeError('gapMinutes must be a whole number between 0 and 480');
  if (compareLocalDates(window.from, window.to) > 0) throw new RangeError('from must not be after to');
  const periods = template.periods.map((p) => {
    const opens = parseWallTime(p.opens);
    const closes = parseWallTime(p.closes);
    if (closes <= opens) throw new RangeError(`period ${p.opens}–${p.closes}: closes must be after opens`);
    return { weekday: p.weekday, opens, closes };
  });
  const out: GeneratedSlotTime[] = [];
  let days = 0;
  for (let date = window.from; compareLocalDates(date, window.to) <= 0; date = addDays(date, 1)) {
    if (++days > MAX_TEMPLATE_DAYS)
      throw new RangeError(`a template window may cover at most ${MAX_TEMPLATE_DAYS} days`);
    if (isPublicHoliday(date) || closing.has(date)) continue;
    const weekday = isoWeekday(date);
    const seen = new Set<number>();
    for (const period of periods) {
      if (period.weekday !== weekday) continue;
      for (
        let start = period.opens;
        start + template.slotMinutes <= period.closes;
        start += template.slotMinutes + gap
      ) {
        const startsAt = localTimeToInstant(date, start, zone);
        if (!startsAt || seen.has(startsAt.getTime())) continue;
        seen.add(startsAt.getTime());
        out.push({ date, startsAt, endsAt: new Date(startsAt.getTime() + template.slotMinutes * 60_000) });
      }
    }
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** "HH:MM" → minutes after local midnight; throws on anything else. */
export function parseWallTime(value: string): number {
  const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(value);
  if (!match) throw new RangeError(`invalid local time ${JSON.stringify(value)}: expected HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}
