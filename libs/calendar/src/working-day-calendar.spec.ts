import fc from 'fast-check';
import { fromDayNumber, toDayNumber } from './local-date';
import {
  NATIONAL_CALENDAR,
  WorkingDayCalendar,
  addWorkingDays,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
} from './working-day-calendar';

// A jobcenter that closes on Grundlovsdag, Christmas Eve and New Year's Eve (RULES §8.1 [F:S39,S49]).
const LOCAL_CLOSING_DAYS = ['2025-06-05', '2025-12-24', '2025-12-31'];
const jobcenter = new WorkingDayCalendar(LOCAL_CLOSING_DAYS, '101-01');

describe('WorkingDayCalendar', () => {
  it.each([
    ['2025-04-16', true, 'Wednesday before Easter'],
    ['2025-04-17', false, 'Maundy Thursday'],
    ['2025-04-19', false, 'Saturday'],
    ['2025-04-20', false, 'Easter Sunday'],
    ['2025-04-22', true, 'Tuesday after Easter Monday'],
    ['2023-05-05', false, 'Store Bededag 2023'],
    ['2024-04-26', true, 'former Store Bededag 2024'],
    ['2025-06-05', true, 'Grundlovsdag (national calendar)'],
    ['2025-12-24', true, 'Christmas Eve (national calendar)'],
  ])('national: %s working day = %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it.each(LOCAL_CLOSING_DAYS)('§8.1 [F:S39,S49]: %s can be a local closing day of one jobcenter', (date) => {
    expect(NATIONAL_CALENDAR.isWorkingDay(date)).toBe(true);
    expect(jobcenter.isClosingDay(date)).toBe(true);
    expect(jobcenter.isWorkingDay(date)).toBe(false);
  });

  it.each([
    // date, n, expected
    ['2025-04-16', 1, '2025-04-22'], // over Easter (Thu, Fri, Sat, Sun, Mon)
    ['2025-04-22', -1, '2025-04-16'],
    ['2025-04-18', 0, '2025-04-16'], // n = 0 rolls back to a working day
    ['2025-04-19', 1, '2025-04-22'], // Saturday + 1 = the next working day
    ['2025-04-19', -1, '2025-04-15'],
    ['2025-12-23', 1, '2025-12-24'],
    ['2025-12-23', 2, '2025-12-29'],
    ['2023-05-04', 1, '2023-05-08'], // Store Bededag Friday + weekend
    ['2024-04-25', 1, '2024-04-26'], // no Store Bededag any more
    ['2025-01-03', 5, '2025-01-10'],
  ])('addWorkingDays(%s, %i) = %s', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });

  it('local closing days are skipped by a jobcenter calendar only', () => {
    expect(jobcenter.addWorkingDays('2025-12-23', 1)).toBe('2025-12-29');
    expect(jobcenter.addWorkingDays('2025-12-30', 1)).toBe('2026-01-02');
    expect(jobcenter.previousWorkingDay('2025-06-05')).toBe('2025-06-04');
    expect(jobcenter.withClosingDays(['2025-06-04']).previousWorkingDay('2025-06-05')).toBe('2025-06-03');
  });

  it.each([
    ['2025-04-20', '2025-04-16', '2025-04-22'],
    ['2025-04-16', '2025-04-16', '2025-04-16'],
    ['2024-12-26', '2024-12-24', '2024-12-27'],
    ['2026-01-01', '2025-12-31', '2026-01-02'],
  ])('previousWorkingDay / nextWorkingDay of %s = %s / %s', (date, previous, next) => {
    expect(previousWorkingDay(date)).toBe(previous);
    expect(nextWorkingDay(date)).toBe(next);
  });

  it('workingDaysBetween counts [from, to)', () => {
    expect(NATIONAL_CALENDAR.workingDaysBetween('2025-04-14', '2025-04-28')).toBe(7);
    expect(NATIONAL_CALENDAR.workingDaysBetween('2025-04-28', '2025-04-14')).toBe(-7);
  });

  describe('properties', () => {
    const day = fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2090-12-31') });
    const closing = fc.uniqueArray(fc.integer({ min: toDayNumber('2020-01-01'), max: toDayNumber('2030-12-31') }), {
      maxLength: 40,
    });
    const calendarArb = closing.map((days) => new WorkingDayCalendar(days.map(fromDayNumber)));

    it('addWorkingDays(d, n) is a working day and strictly increasing in n', () => {
      fc.assert(
        fc.property(calendarArb, day, fc.integer({ min: -40, max: 40 }), (cal, d, n) => {
          const a = cal.addWorkingDaysNumber(d, n);
          const b = cal.addWorkingDaysNumber(d, n + 1);
          expect(cal.isWorkingDayNumber(a)).toBe(true);
          expect(b).toBeGreaterThan(a);
          if (n > 0) expect(a).toBeGreaterThan(d);
          if (n < 0) expect(a).toBeLessThan(d);
          if (n > 0) expect(cal.workingDaysBetweenNumber(d + 1, a + 1)).toBe(n);
        }),
      );
    });

    it('previousWorkingDay(d) <= d <= nextWorkingDay(d), both working days, no working day in between', () => {
      fc.assert(
        fc.property(calendarArb, day, (cal, d) => {
          const p = cal.previousWorkingDayNumber(d);
          const n = cal.nextWorkingDayNumber(d);
          expect(p).toBeLessThanOrEqual(d);
          expect(n).toBeGreaterThanOrEqual(d);
          expect(cal.isWorkingDayNumber(p) && cal.isWorkingDayNumber(n)).toBe(true);
          for (let x = p + 1; x < n; x++) expect(cal.isWorkingDayNumber(x)).toBe(false);
          expect(p === d).toBe(cal.isWorkingDayNumber(d));
        }),
      );
    });

    it('a calendar with closing days never has more working days than the national one', () => {
      fc.assert(
        fc.property(calendarArb, day, (cal, d) => {
          if (cal.isWorkingDayNumber(d)) expect(NATIONAL_CALENDAR.isWorkingDayNumber(d)).toBe(true);
        }),
      );
    });
  });
});
