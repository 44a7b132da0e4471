import fc from 'fast-check';
import { daysInMonth, fromDayNumber, toDayNumber, ymdOf } from '@selvbook/calendar';
import { days, hours, months, weeks } from '../parameters';
import { NEVER } from './course-clock';
import { UnemploymentClock, UnemploymentClockOptions } from './unemployment-clock';

const FULL = 160.33;

function clock(anchor: string, o: Partial<UnemploymentClockOptions> = {}): UnemploymentClock {
  return new UnemploymentClock(toDayNumber(anchor), {
    hoursPerMonth: FULL,
    lookaheadMonths: 60,
    reportMonths: [],
    reportHours: [],
    pauses: [],
    ...o,
  });
}

const month = (ym: string) => +ym.slice(0, 4) * 12 + +ym.slice(5, 7) - 1;
const at = (c: UnemploymentClock, ...args: Parameters<UnemploymentClock['dayAt']>) => fromDayNumber(c.dayAt(...args));

describe('dagpenge clock: cumulative unemployment in hours (RULES §4 step 1)', () => {
  it.each([
    ['2021-03-01', months(1), '2021-04-01'],
    ['2021-01-31', months(1), '2021-02-28'],
    ['2021-01-31', months(2), '2021-03-31'],
    ['2021-03-01', weeks(6), '2021-04-12'],
    ['2021-03-01', days(7), '2021-03-08'],
    ['2021-03-01', months(16), '2022-07-01'],
  ])('[F:S4,S42] projection without reports: %s + %j = %s (plain calendar arithmetic)', (anchor, span, expected) => {
    expect(at(clock(anchor), span)).toBe(expected);
  });

  it('[F:S42] 160.33 h is one month full-time, 130 h part-time', () => {
    expect(at(clock('2024-03-04'), hours(FULL))).toBe('2024-04-04');
    expect(at(clock('2024-03-04', { hoursPerMonth: 130 }), hours(130))).toBe('2024-04-04');
    // 410 h = 2.557 months: into the third anniversary month (May 4 → June 4, 31 days)
    expect(at(clock('2024-03-04'), hours(410))).toBe('2024-05-22');
  });

  it('[F:S4] a reported month replaces the projection: half the hours → half the clock days', () => {
    const c = clock('2025-01-01', { reportMonths: [month('2025-01')], reportHours: [FULL / 2] });
    // 15.5 clock days in January; the remaining 15.5 of the first month run in February.
    expect(at(c, months(1))).toBe('2025-02-17');
    expect(c.clockDaysAtStartOf(toDayNumber('2025-02-01'))).toBeCloseTo(15.5, 6);
  });

  it('[F:S42] part-time: 65 of 130 hours is half a month as well', () => {
    const c = clock('2025-01-01', { hoursPerMonth: 130, reportMonths: [month('2025-01')], reportHours: [65] });
    expect(at(c, months(1))).toBe('2025-02-17');
  });

  it('[F:S4] a report equal to the projection changes nothing; a partial anchor month is prorated', () => {
    const c = clock('2025-01-15', { reportMonths: [month('2025-01')], reportHours: [(FULL * 17) / 31] });
    expect(at(c, months(1))).toBe('2025-02-15');
    expect(at(c, months(6))).toBe('2025-07-15');
  });

  it('[F:S4] zero hours reported: the clock stands still for that month', () => {
    const c = clock('2025-01-01', { reportMonths: [month('2025-02')], reportHours: [0] });
    expect(at(c, months(1))).toBe('2025-02-01'); // January runs in full
    expect(at(c, months(2))).toBe('2025-03-29'); // February adds nothing: March makes up its 28 days
  });

  it('[I] days on another benefit after dagpenge began do not count unless reported', () => {
    const pauses = [toDayNumber('2025-02-01'), toDayNumber('2025-03-01')];
    expect(at(clock('2025-01-01', { pauses }), months(2))).toBe('2025-03-29');
    // …but hours the a-kasse did report for February count
    const reported = clock('2025-01-01', { pauses, reportMonths: [month('2025-02')], reportHours: [FULL] });
    expect(at(reported, months(2))).toBe('2025-03-01');
  });

  it('rounding: "down" gives the last day that does not pass the span (ceilings)', () => {
    const c = clock('2025-01-01', { reportMonths: [month('2025-01')], reportHours: [FULL / 2] });
    expect(at(c, months(1), 'down')).toBe('2025-02-16');
    expect(at(clock('2025-01-01'), months(1), 'down')).toBe('2025-02-01');
  });

  it('a clock that stops for good never reaches later spans', () => {
    const pauses = [toDayNumber('2025-02-01'), NEVER];
    expect(clock('2025-01-01', { pauses }).dayAt(months(2))).toBe(NEVER);
  });

  it('property [RULES §4 step 1]: paid hours at or below the projection never move a date earlier', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber('2016-01-01'), max: toDayNumber('2027-12-31') }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 18 }),
        fc.double({ min: 0.25, max: 24, noNaN: true }),
        fc.boolean(),
        (anchor, fractions, span, partTime) => {
          const H = partTime ? 130 : FULL;
          const first = month(fromDayNumber(anchor).slice(0, 7));
          const { year: y, month: m, day: d } = ymdOf(anchor);
          const base = { hoursPerMonth: H, lookaheadMonths: 80, reportMonths: [], reportHours: [], pauses: [] };
          const projected = new UnemploymentClock(anchor, base);
          const reported = new UnemploymentClock(anchor, {
            ...base,
            reportMonths: fractions.map((_, i) => first + i),
            // at most the projection: a full month, prorated for the anchor's month
            reportHours: fractions.map((f, i) =>
              i === 0 ? (f * H * (daysInMonth(y, m) - d + 1)) / daysInMonth(y, m) : f * H,
            ),
          });
          for (const rounding of ['up', 'down'] as const) {
            expect(reported.dayAt(months(span), rounding)).toBeGreaterThanOrEqual(
              projected.dayAt(months(span), rounding),
            );
          }
        },
      ),
    );
  });
});
