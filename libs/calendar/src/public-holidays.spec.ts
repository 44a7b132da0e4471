import { addDays } from './local-date';
import { STORE_BEDEDAG_OVERRIDE, applyStoreBededagOverride, easterSunday, publicHolidaysOf } from './public-holidays';
import { isPublicHoliday } from './working-day-calendar';

// RULES §8.1 [F:S39]: every public holiday of 2023–2026, written out by hand.
const HOLIDAYS: Record<number, Record<string, string>> = {
  2023: {
    'New Year': '2023-01-01',
    'Maundy Thursday': '2023-04-06',
    'Good Friday': '2023-04-07',
    'Easter Sunday': '2023-04-09',
    'Easter Monday': '2023-04-10',
    'Store Bededag': '2023-05-05',
    Ascension: '2023-05-18',
    'Whit Sunday': '2023-05-28',
    'Whit Monday': '2023-05-29',
    'Christmas Day': '2023-12-25',
    'Boxing Day': '2023-12-26',
  },
  2024: {
    'New Year': '2024-01-01',
    'Maundy Thursday': '2024-03-28',
    'Good Friday': '2024-03-29',
    'Easter Sunday': '2024-03-31',
    'Easter Monday': '2024-04-01',
    Ascension: '2024-05-09',
    'Whit Sunday': '2024-05-19',
    'Whit Monday': '2024-05-20',
    'Christmas Day': '2024-12-25',
    'Boxing Day': '2024-12-26',
  },
  2025: {
    'New Year': '2025-01-01',
    'Maundy Thursday': '2025-04-17',
    'Good Friday': '2025-04-18',
    'Easter Sunday': '2025-04-20',
    'Easter Monday': '2025-04-21',
    Ascension: '2025-05-29',
    'Whit Sunday': '2025-06-08',
    'Whit Monday': '2025-06-09',
    'Christmas Day': '2025-12-25',
    'Boxing Day': '2025-12-26',
  },
  2026: {
    'New Year': '2026-01-01',
    'Maundy Thursday': '2026-04-02',
    'Good Friday': '2026-04-03',
    'Easter Sunday': '2026-04-05',
    'Easter Monday': '2026-04-06',
    Ascension: '2026-05-14',
    'Whit Sunday': '2026-05-24',
    'Whit Monday': '2026-05-25',
    'Christmas Day': '2026-12-25',
    'Boxing Day': '2026-12-26',
  },
};

const holidayRows = Object.entries(HOLIDAYS).flatMap(([year, days]) =>
  Object.entries(days).map(([name, date]) => ({ year, name, date })),
);

describe('Danish public holidays, RULES §8.1 [F:S39]', () => {
  it.each(holidayRows)('§8.1 [F:S39]: $name $year ($date) is a public holiday', ({ date }) => {
    expect(isPublicHoliday(date)).toBe(true);
  });

  it.each(Object.keys(HOLIDAYS).map(Number))(
    '§8.1 [F:S39]: %i has exactly the listed holidays and no others',
    (year) => {
      expect(publicHolidaysOf(year).map((h) => h.date)).toEqual(Object.values(HOLIDAYS[year]).sort());
    },
  );

  it.each([
    ['2023-05-05', true],
    ['2022-05-13', true],
    ['2024-04-26', false],
    ['2025-05-16', false],
    ['2026-05-01', false],
  ])('§8.1 [F:S39]: Store Bededag (Easter + 26) up to and including 2023 only: %s → %s', (date, expected) => {
    expect(isPublicHoliday(date)).toBe(expected);
  });

  it.each(['2023', '2024', '2025', '2026'].flatMap((y) => [`${y}-06-05`, `${y}-12-24`, `${y}-12-31`]))(
    '§8.1 [F:S39,S49]: %s (Grundlovsdag / 24 Dec / 31 Dec) is not a public holiday',
    (date) => {
      expect(isPublicHoliday(date)).toBe(false);
    },
  );

  it.each([
    [2019, '2019-04-21'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('every year 1950–2150 has the Easter-based holidays at their offsets, Store Bededag only ≤ 2023', () => {
    for (let year = 1950; year <= 2150; year++) {
      const easter = easterSunday(year);
      const dates = publicHolidaysOf(year).map((h) => h.date);
      for (const offset of [-3, -2, 0, 1, 39, 49, 50]) expect(dates).toContain(addDays(easter, offset));
      expect(dates.includes(addDays(easter, 26))).toBe(year <= STORE_BEDEDAG_OVERRIDE.lastYear);
      expect(dates).toEqual(expect.arrayContaining([`${year}-01-01`, `${year}-12-25`, `${year}-12-26`]));
      expect(dates).toHaveLength(year <= 2023 ? 11 : 10);
    }
  });

  describe('STORE_BEDEDAG_OVERRIDE corrects a library that is wrong about the abolition', () => {
    const base = [{ date: '2024-01-01', name: 'Nytårsdag' }];

    it('removes Store Bededag 2024 if a library still lists it', () => {
      const wrong = [...base, { date: '2024-04-26', name: 'Store Bededag' }];
      expect(applyStoreBededagOverride(2024, wrong)).toEqual(base);
    });

    it('adds Store Bededag 2023 if a library forgot it', () => {
      expect(applyStoreBededagOverride(2023, [{ date: '2023-01-01', name: 'Nytårsdag' }])).toEqual([
        { date: '2023-01-01', name: 'Nytårsdag' },
        { date: '2023-05-05', name: 'Store Bededag' },
      ]);
    });

    it('leaves a correct list unchanged', () => {
      const correct = publicHolidaysOf(2023);
      expect(applyStoreBededagOverride(2023, correct)).toEqual(correct);
      expect(applyStoreBededagOverride(2025, publicHolidaysOf(2025))).toEqual(publicHolidaysOf(2025));
    });
  });
});
