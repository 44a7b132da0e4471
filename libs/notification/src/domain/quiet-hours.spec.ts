import { localTimeOf, localTimeToInstantOrLater } from '@selvbook/calendar';
import { isQuiet, smsAllowedFrom } from './quiet-hours';

const at = (iso: string) => new Date(iso);

describe('quiet hours (no SMS 22:00–07:00 Europe/Copenhagen): deferred, never dropped', () => {
  it.each([
    ['winter day, allowed', '2026-01-15T12:00:00Z', '2026-01-15T12:00:00Z'],
    ['21:59 local is still allowed', '2026-01-15T20:59:00Z', '2026-01-15T20:59:00Z'],
    ['22:00 local → 07:00 next morning (CET)', '2026-01-15T21:00:00Z', '2026-01-16T06:00:00Z'],
    ['03:00 local → 07:00 the same morning', '2026-01-16T02:00:00Z', '2026-01-16T06:00:00Z'],
    ['07:00 local exactly is allowed', '2026-01-16T06:00:00Z', '2026-01-16T06:00:00Z'],
    ['summer 23:30 local → 07:00 CEST', '2026-07-01T21:30:00Z', '2026-07-02T05:00:00Z'],
    // DST starts 2026-03-29 02:00 → 03:00: the night is 23 hours, the morning is CEST.
    ['spring-forward night: 22:30 CET → 07:00 CEST', '2026-03-28T21:30:00Z', '2026-03-29T05:00:00Z'],
    ['spring-forward night: 03:30 CEST → 07:00 CEST', '2026-03-29T01:30:00Z', '2026-03-29T05:00:00Z'],
    // DST ends 2026-10-25 03:00 → 02:00: the night is 25 hours, the morning is CET.
    ['fall-back night: 22:30 CEST → 07:00 CET', '2026-10-24T20:30:00Z', '2026-10-25T06:00:00Z'],
    ['fall-back night: the second 02:30 (CET) → 07:00 CET', '2026-10-25T01:30:00Z', '2026-10-25T06:00:00Z'],
    ['fall-back day: 07:00 CET is allowed', '2026-10-25T06:00:00Z', '2026-10-25T06:00:00Z'],
  ])('%s', (_, input, expected) => {
    expect(smsAllowedFrom(at(input)).toISOString()).toBe(at(expected).toISOString());
    expect(isQuiet(at(input))).toBe(input !== expected);
  });

  it('the deferred time is always 07:00 local', () => {
    for (let h = 0; h < 24 * 400; h += 7) {
      const t = new Date(Date.UTC(2026, 0, 1) + h * 3_600_000);
      const allowed = smsAllowedFrom(t);
      if (allowed.getTime() !== t.getTime()) expect(localTimeOf(allowed)).toMatchObject({ hour: 7, minute: 0 });
      expect(allowed >= t).toBe(true);
      expect(allowed.getTime() - t.getTime()).toBeLessThanOrEqual(9 * 3_600_000);
    }
  });

  it('local times convert to instants across both DST changes', () => {
    expect(localTimeToInstantOrLater('2026-03-29', 9 * 60).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(localTimeToInstantOrLater('2026-03-28', 9 * 60).toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(localTimeToInstantOrLater('2026-10-25', 9 * 60).toISOString()).toBe('2026-10-25T08:00:00.000Z');
    // non-existent 02:30 → 03:30 CEST
    expect(localTimeToInstantOrLater('2026-03-29', 2 * 60 + 30).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});
