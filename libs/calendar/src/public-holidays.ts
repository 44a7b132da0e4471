/**
 * Danish public holidays (helligdage), RULES §8.1 [F:S39].
 *
 * Source of truth is `date-holidays` (country DK, type 'public' only: Grundlovsdag, 24 and 31 December
 * are observances there, and local closing days here). One named override corrects the library for the
 * abolition of Store Bededag; the list is built once per year and cached.
 */
import type HolidaysLibrary from 'date-holidays';
import { DayNumber, LocalDate, dayNumberOf, fromDayNumber, toDayNumber } from './local-date';

export interface PublicHoliday {
  readonly date: LocalDate;
  /** Danish name, as the library gives it (e.g. "Skærtorsdag"). */
  readonly name: string;
}

/** Easter Sunday (anonymous Gregorian algorithm), used by the override and by tests. */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return fromDayNumber(dayNumberOf(year, month, day));
}

/**
 * THE override of `date-holidays`: Store Bededag (Easter + 26) is a public holiday up to and including
 * 2023 and abolished from 2024 (lov nr. 125 af 28/2/2023) [F:S39].
 * date-holidays 3.37 already agrees for 1900–2200 (checked); older releases still listed it after 2023,
 * so the rule is enforced here rather than trusted to the dependency version.
 */
export const STORE_BEDEDAG_OVERRIDE = {
  name: 'Store Bededag',
  daysAfterEaster: 26,
  /** first year it was a public holiday (1686, Christian V's reform) */
  firstYear: 1686,
  lastYear: 2023,
} as const;

export function applyStoreBededagOverride(year: number, holidays: readonly PublicHoliday[]): PublicHoliday[] {
  const o = STORE_BEDEDAG_OVERRIDE;
  const date = fromDayNumber(toDayNumber(easterSunday(year)) + o.daysAfterEaster);
  const others = holidays.filter((h) => h.date !== date);
  if (year < o.firstYear || year > o.lastYear) return others;
  return [...others, { date, name: o.name }].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

let loaded: HolidaysLibrary | undefined;
/**
 * The library with its rule data (≈ 2.5 MB of JavaScript with moment-timezone and astronomia), loaded when a
 * first year's holidays are needed rather than when a service starts.
 */
function library(): HolidaysLibrary {
  if (loaded) return loaded;
  type Constructor = new (country: string) => HolidaysLibrary;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require('date-holidays') as Constructor | { default: Constructor };
  const Holidays = 'default' in module ? module.default : module;
  return (loaded = new Holidays('DK'));
}
const byYear = new Map<number, readonly PublicHoliday[]>();

function loadYear(year: number): readonly PublicHoliday[] {
  const fromLibrary = (library().getHolidays(year) || [])
    .filter((h) => h.type === 'public')
    // `date` is the local wall time 'YYYY-MM-DD hh:mm:ss'; the date part is what we need.
    .map((h) => ({ date: h.date.slice(0, 10), name: h.name }));
  const unique = fromLibrary.filter((h, i) => fromLibrary.findIndex((x) => x.date === h.date) === i);
  return Object.freeze(applyStoreBededagOverride(year, unique));
}

/** Public holidays of a year, sorted by date. */
export function publicHolidaysOf(year: number): readonly PublicHoliday[] {
  let list = byYear.get(year);
  if (!list) byYear.set(year, (list = loadYear(year)));
  return list;
}

/** Holiday day numbers of a year (for the working-day table). */
export function publicHolidayDayNumbersOf(year: number): DayNumber[] {
  return publicHolidaysOf(year).map((h) => toDayNumber(h.date));
}
