import fc from 'fast-check';
import { addDays } from './local-date';
import { endOfLocalDay, hoursInLocalDay, localDateOf, startOfLocalDay, zoneOffsetMinutes } from './time-zone';

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
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2060-12-31'), noInvalidDate: true }), (instant) => {
        const date = localDateOf(instant);
        const start = startOfLocalDay(date).getTime();
        const end = endOfLocalDay(date).getTime();
        expect(start).toBeLessThanOrEqual(instant.getTime());
        expect(end).toBeGreaterThan(instant.getTime());
        expect(end).toBe(startOfLocalDay(addDays(date, 1)).getTime());
        expect([23, 24, 25]).toContain((end - start) / 3_600_000);
        expect(localDateOf(end - 1)).toBe(date);
      }),
    );
  });
});

describe('zone offsets remembered per UTC hour equal what Intl gives for each instant', () => {
  const ZONES = ['Europe/Copenhagen', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Sao_Paulo'];
  /** The reference: a formatter of its own, asked for every instant, nothing remembered. */
  const reference = (zone: string) => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
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
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2150, 0, 1) }), (ms) => agrees(zone, at, ms)), { numRuns: 2000 });
  });
});
