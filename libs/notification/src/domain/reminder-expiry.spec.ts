import { NotificationKind } from '@selvbook/contracts';
import { reminderExpired } from './reminder-expiry';

const at = (iso: string) => new Date(iso);

describe('reminderExpired: a reminder past its point is not sent', () => {
  const meeting = { startsAt: '2026-04-02T08:00:00Z', endsAt: '2026-04-02T08:30:00Z' };

  it('a meeting reminder serves until the meeting begins', () => {
    expect(reminderExpired(NotificationKind.MEETING_REMINDER, meeting, at('2026-04-01T08:00:00Z'))).toBe(false);
    expect(reminderExpired(NotificationKind.MEETING_REMINDER, meeting, at('2026-04-02T07:59:59Z'))).toBe(false);
    expect(reminderExpired(NotificationKind.MEETING_REMINDER, meeting, at('2026-04-02T08:00:00Z'))).toBe(true);
    expect(reminderExpired(NotificationKind.MEETING_REMINDER, meeting, at('2026-04-05T12:00:00Z'))).toBe(true);
  });

  it('a deadline reminder serves through the deadline day, in Copenhagen time', () => {
    const facts = { deadlineDate: '2026-04-02' };
    expect(reminderExpired(NotificationKind.DEADLINE_REMINDER, facts, at('2026-03-30T07:00:00Z'))).toBe(false);
    // 23:59 local on the deadline day (CEST: UTC+2) still serves; 00:00 local the day after does not
    expect(reminderExpired(NotificationKind.DEADLINE_REMINDER, facts, at('2026-04-02T21:59:00Z'))).toBe(false);
    expect(reminderExpired(NotificationKind.DEADLINE_REMINDER, facts, at('2026-04-02T22:00:00Z'))).toBe(true);
    // in winter (CET: UTC+1) the local day ends an hour later in UTC
    expect(
      reminderExpired(NotificationKind.DEADLINE_REMINDER, { deadlineDate: '2026-01-15' }, at('2026-01-15T22:30:00Z')),
    ).toBe(false);
    expect(
      reminderExpired(NotificationKind.DEADLINE_REMINDER, { deadlineDate: '2026-01-15' }, at('2026-01-15T23:00:00Z')),
    ).toBe(true);
  });

  it('other messages never expire, and a reminder without its date is sent', () => {
    for (const kind of [
      NotificationKind.BOOKING_RECEIPT,
      NotificationKind.DEADLINE_GIVEN,
      NotificationKind.DEADLINE_MISSED,
    ]) {
      expect(reminderExpired(kind, { ...meeting, deadlineDate: '2026-01-01' }, at('2027-01-01T00:00:00Z'))).toBe(false);
    }
    expect(reminderExpired(NotificationKind.MEETING_REMINDER, {}, at('2027-01-01T00:00:00Z'))).toBe(false);
    expect(reminderExpired(NotificationKind.DEADLINE_REMINDER, {}, at('2027-01-01T00:00:00Z'))).toBe(false);
  });
});
