import { DomainProblem, Principal } from '@selvbook/platform';
import { mayManageSlot } from '../../domain/actor';
import { checkChangeTime } from '../../domain/booking-policy';
import { lockBooking } from '../../infrastructure/booking-store';
import { Queryable } from '../../infrastructure/database';
import { BookingRow, bookingEtag, rangeBounds, SlotRow } from '../../infrastructure/rows';
import { BookingSettings } from '../../infrastructure/settings';
import { findSlot, policyFor } from '../../infrastructure/slot-store';

/**
 * May the principal see this booking? Whoever may change it (`mayChangeBooking`: a citizen their own, staff
 * the bookings in their organisation's calendars), and staff of the citizen's own jobcenter / a-kasse
 * (authorities see each other's meetings, to avoid double booking [F:S24, S48]).
 */
export function mayAccessBooking(principal: Principal, booking: BookingRow, slot: SlotRow | null): boolean {
  return mayChangeBooking(principal, booking, slot) || isCitizensAuthority(principal, booking);
}

/** Staff of the citizen's own jobcenter or a-kasse, wherever the meeting is held. */
function isCitizensAuthority(principal: Principal, booking: BookingRow): boolean {
  return (
    (principal.role === 'caseworker' && booking.jobcenter_code === principal.jobcenterCode) ||
    (principal.role === 'akasse' && booking.akasse_id === principal.akasseId)
  );
}

export function assertBookingAccess(
  principal: Principal,
  booking: BookingRow | null,
  slot: SlotRow | null,
): asserts booking is BookingRow {
  if (!booking) throw new DomainProblem(404, 'no such booking', 'booking-not-found');
  if (!mayAccessBooking(principal, booking, slot)) {
    throw new DomainProblem(
      403,
      principal.role === 'citizen'
        ? 'a citizen may only see and change their own meetings'
        : 'this booking belongs to another organisation',
      'forbidden-booking',
    );
  }
}

/**
 * Who may change a meeting — cancel it, rebook it, register attendance — decided once for all three
 * (docs/booking.md, "Who may change a meeting"): the citizen their own (within the policy's lead times); of
 * staff, only the authority that holds the meeting, i.e. whose calendar the slot is in, and for a joint
 * meeting both participants. Each authority holds its own conversations (jobcenter: 7, 17, 4; a-kasse: CV
 * and availability conversations, and it attends the joint ones) [F:S8, S17, S21]; seeing another's meeting
 * is for avoiding double booking [F:S24], not for changing it: an a-kasse cannot cancel its member's
 * jobcenter meeting, nor a jobcenter its citizen's a-kasse meeting. System may change any.
 */
export function mayChangeBooking(principal: Principal, booking: BookingRow, slot: SlotRow | null): boolean {
  switch (principal.role) {
    case 'system':
      return true;
    case 'citizen':
      return booking.citizen_id === principal.citizenId;
    case 'caseworker':
    case 'akasse':
      return slot !== null && mayManageSlot(principal, slot);
    default:
      return false;
  }
}

export function assertMayChangeBooking(
  principal: Principal,
  booking: BookingRow | null,
  slot: SlotRow | null,
): asserts booking is BookingRow {
  assertBookingAccess(principal, booking, slot);
  if (!mayChangeBooking(principal, booking, slot)) {
    throw new DomainProblem(
      403,
      'only the authority holding the meeting (whose calendar it is; both ' +
        'participants of a joint meeting) may cancel, rebook or register attendance',
      'forbidden-booking-change',
    );
  }
}

/** If-Match: the change applies only to the version the client saw (412 otherwise). Absent: no check. */
export function assertIfMatch(booking: BookingRow, ifMatch: string | undefined): void {
  if (!ifMatch || ifMatch.trim() === '*') return;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(bookingEtag(booking))) {
    throw new DomainProblem(
      412,
      'the booking has changed since you read it (If-Match does not match its ETag)',
      'precondition-failed',
    );
  }
}

export function assertActive(booking: BookingRow): void {
  if (booking.status !== 'BOOKED') {
    throw new DomainProblem(
      409,
      `the booking is ${booking.status.toLowerCase().replace('_', '-')}`,
      'booking-not-active',
    );
  }
}

/** What a command that changes a booking says of it. */
export interface BookingChange {
  principal: Principal;
  bookingId: string;
  ifMatch?: string;
}

/**
 * The booking a command changes, locked, with its slot: the principal may change it, it is the version the
 * client saw and it is still active.
 */
export async function lockBookingToChange(
  tx: Queryable,
  { principal, bookingId, ifMatch }: BookingChange,
): Promise<{ booking: BookingRow; slot: SlotRow | null }> {
  const booking = await lockBooking(tx, bookingId);
  const slot = booking ? await findSlot(tx, booking.slot_id) : null;
  assertMayChangeBooking(principal, booking, slot);
  assertIfMatch(booking, ifMatch);
  assertActive(booking);
  return { booking, slot };
}

/** A citizen cancels or rebooks only within the lead times of the slot's organisation's policy (409 otherwise). */
export async function assertCitizenMayChangeNow(
  tx: Queryable,
  principal: Principal,
  { booking, slot }: { booking: BookingRow; slot: SlotRow | null },
  change: 'cancel' | 'rebook',
  settings: BookingSettings,
  now: Date,
): Promise<void> {
  if (principal.role !== 'citizen' || !slot) return;
  const policy = await policyFor(tx, slot.org_kind, slot.org_code, booking.conversation_type, settings.defaultPolicy);
  const verdict = checkChangeTime(policy, now, rangeBounds(booking.during).startsAt, change);
  if (!verdict.ok) throw new DomainProblem(409, verdict.reason, verdict.code);
}
