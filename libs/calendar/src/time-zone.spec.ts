import fc from 'fast-check';
import { addDays } from './local-date';
import {
  endOfLocalDay,
  hoursInLocalDay,
  localDateOf,
  localTimeOf,
  localTimeToInstant,
  localTimeToInstantOrLater,
  startOfLocalDay,
  WALL_CLOCK_FORMAT,
  zoneOffsetMinutes,
} from './time-zone';

describe('local days in Europe/Copenhagen (RULES §8.3: DST)', () => {
  it.each([
    // last Sundays of March (23 h) and October (25 h), and ordinary neighbours
    ['2025-03-30', '2025-03-29T23:00:00.000Z', '2025-03-30T22:00:00.000Z', 23],
    ['2025-10-26', '2025-10-25T22:00:00.000Z', '2025-10-26T23:00:00.000Z', 25],
    ['2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', 23],
    ['2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 25],
    ['2025-03-29', '2025-03-28T23:00:00.000Z', '2025-03-29T23:00:00.000Z', 24],
    ['2025-07-01', '2025-06-30T22:00:00.000Z', '2025-07-01T22:00:00.000Z', 24],
    ['2025-12-31', '2025-12-30T23:00:00.000Z', '2025-12-31T23:00:00.000Z', 24],
  ])('%s starts %s, ends %s (%i h)', (date, start, end, hours) => {
    expect(startOfLocalDay(date).toISOString()).toBe(start);
    expect(endOfLocalDay(date).toISOString()).toBe(end);
    expect(hoursInLocalDay(date)).toBe(hours);
  });

  it.each([
    ['2025-03-30T00:59:59.999Z', '2025-03-30'], // 01:59:59 CET, just before the spring-forward gap
    ['2025-03-30T01:00:00.000Z', '2025-03-30'], // 03:00 CEST
    ['2025-03-30T21:59:59.999Z', '2025-03-30'],
    ['2025-03-30T22:00:00.000Z', '2025-03-31'],
    ['2025-10-26T00:30:00.000Z', '2025-10-26'], // 02:30 CEST, first pass
    ['2025-10-26T01:30:00.000Z', '2025-10-26'], // 02:30 CET, second pass
    ['2025-10-26T22:59:59.999Z', '2025-10-26'],
    ['2025-10-26T23:00:00.000Z', '2025-10-27'],
    ['2025-12-31T23:00:00.000Z', '2026-01-01'],
  ])('localDateOf(%s) = %s', (instant, date) => {
    expect(localDateOf(new Date(instant))).toBe(date);
  });

  it('offsets: CET +60, CEST +120', () => {
    expect(zoneOffsetMinutes(new Date('2025-01-15T12:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes(new Date('2025-07-15T12:00:00Z'))).toBe(120);
  });

  it('other zones work too, including one whose midnight falls in a DST gap', () => {
    expect(endOfLocalDay('2025-03-09', 'America/New_York').toISOString()).toBe('2025-03-10T04:00:00.000Z');
    // America/Santiago springs forward at 24:00 → 01:00: the day starts at 01:00 local time.
    expect(startOfLocalDay('2024-09-08', 'America/Santiago').toISOString()).toBe('2024-09-08T04:00:00.000Z');
    expect(hoursInLocalDay('2024-09-08', 'America/Santiago')).toBe(23);
  });

  it('property: the end of a local day is the start of the next; the day contains exactly its instants', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2060-12-31'), noInvalidDate: true }),
        (instant) => {
          const date = localDateOf(instant);
          const start = startOfLocalDay(date).getTime();
          const end = endOfLocalDay(date).getTime();
          expect(start).toBeLessThanOrEqual(instant.getTime());
          expect(end).toBeGreaterThan(instant.getTime());
          expect(end).toBe(startOfLocalDay(addDays(date, 1)).getTime());
          expect([23, 24, 25]).toContain((end - start) / 3_600_000);
          expect(localDateOf(end - 1)).toBe(date);
        },
      ),
    );
  });
});

describe('zone offsets remembered per UTC hour equal what Intl gives for each instant', () => {
  const ZONES = [
    'Europe/Copenhagen',
    'America/St_Johns',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'America/Sao_Paulo',
  ];
  /** The reference: a formatter of its own, asked for every instant, nothing remembered. */
  const reference = (zone: string) => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, ...WALL_CLOCK_FORMAT });
    return (ms: number) => {
      const whole = Math.floor(ms / 1000) * 1000;
      const p = Object.fromEntries(f.formatToParts(whole).map((x) => [x.type, Number(x.value)]));
      const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
      const date = new Date(wall).toISOString().slice(0, 10);
      return { date, offsetMinutes: Math.round((wall - whole) / 60_000) };
    };
  };
  const agrees = (zone: string, at: (ms: number) => { date: string; offsetMinutes: number }, ms: number) => {
    expect({ date: localDateOf(ms, zone), offsetMinutes: zoneOffsetMinutes(ms, zone) }).toEqual(at(ms));
  };

  it.each(ZONES)('%s: every 15 minutes and the second before, through each offset change of 2000–2030', (zone) => {
    const at = reference(zone);
    for (let day = Date.UTC(2000, 0, 1); day < Date.UTC(2031, 0, 1); day += 86_400_000) {
      if (at(day).offsetMinutes === at(day + 86_400_000).offsetMinutes) continue;
      for (let ms = day - 3_600_000; ms <= day + 86_400_000 + 3_600_000; ms += 900_000) {
        agrees(zone, at, ms - 1000);
        agrees(zone, at, ms);
      }
    }
  });

  it.each(ZONES)('%s: random instants 1850–2150, to the millisecond', (zone) => {
    const at = reference(zone);
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2150, 0, 1) }), (ms) => agrees(zone, at, ms)),
      { numRuns: 2000 },
    );
  });
});

const iso = (d: Date) => d.toISOString();

describe('localTimeToInstant (Europe/Copenhagen) [RULES §8.3]', () => {
  it.each([
    ['winter, CET = UTC+1', '2026-03-28', '09:00', '2026-03-28T08:00:00.000Z'],
    ['DST Sunday of March 2026, after the switch', '2026-03-29', '09:00', '2026-03-29T07:00:00.000Z'],
    ['DST Sunday of March 2026, just before the gap', '2026-03-29', '01:30', '2026-03-29T00:30:00.000Z'],
    ['DST Sunday of March 2026, just after the gap', '2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'],
    ['DST Sunday of October 2026, before the switch', '2026-10-25', '01:30', '2026-10-24T23:30:00.000Z'],
    [
      'DST Sunday of October 2026, ambiguous 02:30: first occurrence (CEST)',
      '2026-10-25',
      '02:30',
      '2026-10-25T00:30:00.000Z',
    ],
    ['DST Sunday of October 2026, after the switch', '2026-10-25', '09:00', '2026-10-25T08:00:00.000Z'],
  ])('%s: %s %s → %s', (_, date, time, expected) => {
    const [h, m] = time.split(':').map(Number);
    expect(iso(localTimeToInstant(date, h * 60 + m)!)).toBe(expected);
  });

  it('02:30 on the DST Sunday of March 2026 does not exist', () => {
    expect(localTimeToInstant('2026-03-29', 150)).toBeNull();
  });
});

describe('localTimeToInstantOrLater: a time something is due at, even on a day it is skipped', () => {
  it('is localTimeToInstant wherever the time exists, and moves a time in the March gap on by the gap', () => {
    expect(iso(localTimeToInstantOrLater('2026-03-29', 9 * 60))).toBe('2026-03-29T07:00:00.000Z');
    // first of the two
    expect(iso(localTimeToInstantOrLater('2026-10-25', 2 * 60 + 30))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(localTimeToInstantOrLater('2026-03-29', 2 * 60 + 30))).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(iso(localTimeToInstantOrLater('2026-03-29', 2 * 60))).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST
  });

  it('never lands before the local time asked for, on any minute of the years 2026–2027', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 729 }), fc.integer({ min: 0, max: 24 * 60 - 1 }), (day, minutes) => {
        const date = addDays('2026-01-01', day);
        const at = localTimeToInstantOrLater(date, minutes);
        const local = localTimeOf(at);
        const exact = localTimeToInstant(date, minutes);
        if (exact) expect(local).toEqual({ date, hour: Math.floor(minutes / 60), minute: minutes % 60 });
        // the gap is one hour
        else expect(local.date === date && local.hour * 60 + local.minute === minutes + 60).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('localTimeOf: the local date and time of an instant', () => {
  it('reads the wall clock on both sides of both changes', () => {
    expect(localTimeOf(new Date('2026-03-29T00:59:00Z'))).toEqual({ date: '2026-03-29', hour: 1, minute: 59 });
    expect(localTimeOf(new Date('2026-03-29T01:00:00Z'))).toEqual({ date: '2026-03-29', hour: 3, minute: 0 });
    expect(localTimeOf(new Date('2026-10-25T00:59:00Z'))).toEqual({ date: '2026-10-25', hour: 2, minute: 59 });
    expect(localTimeOf(new Date('2026-10-25T01:00:00Z'))).toEqual({ date: '2026-10-25', hour: 2, minute: 0 });
    expect(localTimeOf(new Date('2026-12-31T23:30:00Z'))).toEqual({ date: '2027-01-01', hour: 0, minute: 30 });
  });

  it('equals what Intl says for any instant', () => {
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Copenhagen',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), (ms) => {
        const p = Object.fromEntries(intl.formatToParts(ms).map((x) => [x.type, x.value]));
        expect(localTimeOf(ms)).toEqual({
          date: `${p.year}-${p.month}-${p.day}`,
          hour: Number(p.hour),
          minute: Number(p.minute),
        });
      }),
      { numRuns: 2000 },
    );
  });
});
