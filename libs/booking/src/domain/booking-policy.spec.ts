import {
  bookingWindow,
  checkBookingTime,
  checkChangeTime,
  DEFAULT_BOOKING_POLICY,
  rebookingRightsOf,
  withinDeadline,
} from './booking-policy';

const policy = { minLeadMinutesBook: 60, minLeadMinutesChange: 24 * 60, maxAdvanceDays: 30, rebookingAllowed: true };
const now = new Date('2026-03-27T10:00:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('booking policy (lead times for booking and for changing, max advance, rebooking)', () => {
  it('booking needs the lead time and stays within the maximum advance', () => {
    expect(checkBookingTime(policy, now, at(59))).toMatchObject({ ok: false, code: 'lead-time' });
    expect(checkBookingTime(policy, now, at(60))).toEqual({ ok: true });
    expect(checkBookingTime(policy, now, at(30 * 24 * 60 + 1))).toMatchObject({ ok: false, code: 'max-advance' });
  });

  it("[F:S21 §20 nr. 11–12] a meeting's rebooking rights: until the change lead time before it, or never", () => {
    expect(rebookingRightsOf(policy, at(72 * 60))).toEqual({ allowed: true, until: at(48 * 60) });
    expect(rebookingRightsOf({ ...policy, rebookingAllowed: false }, at(72 * 60))).toEqual({
      allowed: false,
      until: null,
    });
    // the period stated is the one checkChangeTime enforces
    expect(checkChangeTime(policy, at(48 * 60), at(72 * 60), 'rebook')).toEqual({ ok: true });
    expect(checkChangeTime(policy, at(48 * 60 + 1), at(72 * 60), 'rebook')).toMatchObject({ ok: false });
  });

  it('cancelling and rebooking need their own (longer) notice; rebooking can be switched off', () => {
    expect(checkChangeTime(policy, now, at(23 * 60), 'cancel')).toMatchObject({ ok: false, code: 'lead-time' });
    expect(checkChangeTime(policy, now, at(24 * 60), 'rebook')).toEqual({ ok: true });
    expect(checkChangeTime({ ...policy, rebookingAllowed: false }, now, at(48 * 60), 'rebook')).toMatchObject({
      ok: false,
      code: 'rebooking-not-allowed',
    });
    expect(checkChangeTime({ ...policy, rebookingAllowed: false }, now, at(48 * 60), 'cancel')).toEqual({ ok: true });
  });

  it('the search window runs from now + lead time to the end of latestMeetingDate (local), across DST', () => {
    const window = bookingWindow(policy, now, { deadlineDate: '2026-03-28', latestMeetingDate: '2026-03-29' });
    expect(window).toEqual({ from: at(60), to: new Date('2026-03-29T22:00:00Z') }); // midnight CEST
    const october = bookingWindow(policy, new Date('2026-10-20T10:00:00Z'), {
      deadlineDate: '2026-10-24',
      latestMeetingDate: '2026-10-25',
    });
    expect(october!.to).toEqual(new Date('2026-10-25T23:00:00Z')); // midnight CET after the 25-hour day
  });

  it('no window once the booking deadline has passed (local date), and the max advance caps it', () => {
    expect(
      bookingWindow(policy, new Date('2026-03-28T23:30:00Z'), {
        deadlineDate: '2026-03-28',
        latestMeetingDate: '2026-04-03',
      }),
    ).toBeNull();
    expect(
      bookingWindow(policy, new Date('2026-03-28T22:30:00Z'), {
        deadlineDate: '2026-03-28',
        latestMeetingDate: '2026-04-03',
      }),
    ).not.toBeNull();
    expect(
      bookingWindow({ ...policy, maxAdvanceDays: 1 }, now, {
        deadlineDate: '2026-04-01',
        latestMeetingDate: '2026-05-01',
      })!.to,
    ).toEqual(at(24 * 60));
  });

  it('a meeting must be on or before latestMeetingDate in Copenhagen time', () => {
    const d = { deadlineDate: '2026-03-28', latestMeetingDate: '2026-03-29' };
    expect(withinDeadline(now, d, new Date('2026-03-29T21:59:00Z'))).toEqual({ ok: true });
    expect(withinDeadline(now, d, new Date('2026-03-29T22:00:00Z'))).toMatchObject({
      ok: false,
      code: 'after-latest-meeting-date',
    });
  });

  it('has named defaults', () => {
    expect(DEFAULT_BOOKING_POLICY).toEqual({
      minLeadMinutesBook: 60,
      minLeadMinutesChange: 120,
      maxAdvanceDays: 120,
      rebookingAllowed: true,
    });
  });
});
