import { COPENHAGEN, endOfLocalDay, LocalDate, localDateOf, compareLocalDates } from '@selvbook/calendar';

/**
 * Booking policy of one organisation, per conversation type (Microsoft Bookings' `minimumLeadTime`
 * applied to booking *and* to cancelling or rebooking — the most requested missing feature in the
 * anchors' trackers). Every value is configuration [RULES: `[I]` values are named parameters].
 */
export interface BookingPolicy {
  /** a citizen may book a meeting no sooner than this many minutes before it starts */
  minLeadMinutesBook: number;
  /** a citizen may cancel or rebook no later than this many minutes before the meeting */
  minLeadMinutesChange: number;
  /** how far ahead a meeting may be booked, in days */
  maxAdvanceDays: number;
  /** whether a booked meeting may be rebooked by the citizen at all (rights are per meeting: RULES §5) */
  rebookingAllowed: boolean;
}

/** Defaults [I]: an hour's notice to book, two hours' to cancel or rebook, 120 days ahead, rebooking allowed. */
export const DEFAULT_BOOKING_POLICY: Readonly<BookingPolicy> = Object.freeze({
  minLeadMinutesBook: 60,
  minLeadMinutesChange: 120,
  maxAdvanceDays: 120,
  rebookingAllowed: true,
});

const MINUTE = 60_000;
const DAY = 86_400_000;

export type PolicyVerdict = { ok: true } | { ok: false; reason: string; code: string };

const OK: PolicyVerdict = { ok: true };

/** May a meeting starting at `startsAt` be booked at `now` under `policy`? */
export function checkBookingTime(policy: BookingPolicy, now: Date, startsAt: Date): PolicyVerdict {
  if (startsAt.getTime() < now.getTime() + policy.minLeadMinutesBook * MINUTE) {
    return {
      ok: false,
      code: 'lead-time',
      reason: `a meeting must be booked at least ${policy.minLeadMinutesBook} minutes before it starts`,
    };
  }
  if (startsAt.getTime() > now.getTime() + policy.maxAdvanceDays * DAY) {
    return {
      ok: false,
      code: 'max-advance',
      reason: `a meeting may be booked at most ${policy.maxAdvanceDays} days ahead`,
    };
  }
  return OK;
}

/** May a booked meeting starting at `startsAt` be cancelled (or rebooked) at `now`? */
export function checkChangeTime(
  policy: BookingPolicy,
  now: Date,
  startsAt: Date,
  change: 'cancel' | 'rebook',
): PolicyVerdict {
  if (change === 'rebook' && !policy.rebookingAllowed) {
    return { ok: false, code: 'rebooking-not-allowed', reason: 'this meeting may not be rebooked' };
  }
  if (startsAt.getTime() < now.getTime() + policy.minLeadMinutesChange * MINUTE) {
    return {
      ok: false,
      code: 'lead-time',
      reason:
        `a meeting may be ${change === 'cancel' ? 'cancelled' : 'rebooked'} ` +
        `no later than ${policy.minLeadMinutesChange} minutes before it starts`,
    };
  }
  return OK;
}

/**
 * The rebooking rights a meeting notice states [F:S21 §20 nr. 11–12]: whether the citizen may rebook it, and until
 * when (the change lead time before it starts). Rights are per meeting: fixed from the policy when it is booked.
 */
export function rebookingRightsOf(policy: BookingPolicy, startsAt: Date): { allowed: boolean; until: Date | null } {
  if (!policy.rebookingAllowed) return { allowed: false, until: null };
  return { allowed: true, until: new Date(startsAt.getTime() - policy.minLeadMinutesChange * MINUTE) };
}

export interface DeadlineWindow {
  /** fristdato: last day the citizen may book */
  deadlineDate: LocalDate;
  /** sidste afholdelsesdato: latest day the meeting may take place */
  latestMeetingDate: LocalDate;
}

/**
 * The instants a citizen may book into for a deadline [RULES §5 "Booking window"]: from now + lead time
 * until the end of `latestMeetingDate` (local), capped by the maximum advance; `null` once the booking
 * day (`deadlineDate`) has passed.
 */
export function bookingWindow(
  policy: BookingPolicy,
  now: Date,
  deadline: DeadlineWindow,
  zone = COPENHAGEN,
): { from: Date; to: Date } | null {
  if (compareLocalDates(localDateOf(now, zone), deadline.deadlineDate) > 0) return null;
  const from = new Date(now.getTime() + policy.minLeadMinutesBook * MINUTE);
  const to = new Date(
    Math.min(endOfLocalDay(deadline.latestMeetingDate, zone).getTime(), now.getTime() + policy.maxAdvanceDays * DAY),
  );
  return from < to ? { from, to } : null;
}

/** Is a meeting [startsAt, endsAt) inside the window of a deadline? */
export function withinDeadline(now: Date, deadline: DeadlineWindow, startsAt: Date, zone = COPENHAGEN): PolicyVerdict {
  if (compareLocalDates(localDateOf(now, zone), deadline.deadlineDate) > 0) {
    return { ok: false, code: 'deadline-passed', reason: `the booking deadline ${deadline.deadlineDate} has passed` };
  }
  if (compareLocalDates(localDateOf(startsAt, zone), deadline.latestMeetingDate) > 0) {
    return {
      ok: false,
      code: 'after-latest-meeting-date',
      reason: `the meeting must take place by ${deadline.latestMeetingDate}`,
    };
  }
  return OK;
}
