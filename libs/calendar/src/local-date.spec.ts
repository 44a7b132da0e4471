import fc from 'fast-check';
import {
  addDays,
  addMonths,
  compareLocalDates,
  dayNumberOf,
  daysBetween,
  fromDayNumber,
  isLocalDate,
  isoWeekday,
  toDayNumber,
  tryParseLocalDate,
  ymdOf,
} from './local-date';

describe('LocalDate', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11017],
    ['2024-02-29', 19782],
  ])('%s is day %i since the epoch', (date, day) => {
    expect(toDayNumber(date)).toBe(day);
    expect(fromDayNumber(day)).toBe(date);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '2024-1-01', '20240101', '2024-01-32', 'abcd-ef-gh', ''])(
    'rejects %j',
    (value) => {
      expect(Number.isNaN(tryParseLocalDate(value))).toBe(true);
      expect(isLocalDate(value)).toBe(false);
      expect(() => toDayNumber(value)).toThrow(/Invalid local date/);
    },
  );

  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-05-31', 1, '2024-06-30'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2024-01-15', -13, '2022-12-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2019-08-31', 6, '2020-02-29'],
  ])('addMonths(%s, %i) = %s (end-of-month clamping)', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2024-02-28', 2, '2024-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
  ])('addDays(%s, %i) = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('weekdays and differences', () => {
    expect(isoWeekday('2025-03-30')).toBe(7);
    expect(isoWeekday('2025-03-31')).toBe(1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(compareLocalDates('2024-01-02', '2024-01-10')).toBeLessThan(0);
  });

  it('property: day number and ISO string round-trip, and string order is date order', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 120_000 }), fc.integer({ min: -25_000, max: 120_000 }), (a, b) => {
        const da = fromDayNumber(a);
        expect(toDayNumber(da)).toBe(a);
        const { year, month, day } = ymdOf(a);
        expect(dayNumberOf(year, month, day)).toBe(a);
        expect(Math.sign(compareLocalDates(da, fromDayNumber(b)))).toBe(Math.sign(a - b));
      }),
    );
  });

  it('property: addMonths never overflows into the following month and is monotone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 400 }), (day, months) => {
        const date = fromDayNumber(day);
        const later = addMonths(date, months);
        const laterStill = addMonths(date, months + 1);
        expect(compareLocalDates(later, laterStill)).toBeLessThan(0);
        const expectedMonthIndex = ymdOf(day).year * 12 + ymdOf(day).month - 1 + months;
        const got = ymdOf(toDayNumber(later));
        expect(got.year * 12 + got.month - 1).toBe(expectedMonthIndex);
        expect(got.day).toBeLessThanOrEqual(ymdOf(day).day);
      }),
    );
  });
});
