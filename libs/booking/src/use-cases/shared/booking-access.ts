import { DomainProblem, Principal } from '@selvbook/platform';
import { mayManageSlot } from '../../domain/actor';
import { BookingRow, bookingEtag, SlotRow } from '../../infrastructure/rows';

/**
 * May the principal see (and change) this booking? A citizen: only their own. Staff: bookings in their
 * organisation's calendars, or of citizens of their own jobcenter / members of their own a-kasse.
 */
export function mayAccessBooking(principal: Principal, booking: BookingRow, slot: SlotRow | null): boolean {
  switch (principal.role) {
    case 'system':
      return true;
    case 'citizen':
      return booking.citizen_id === principal.citizenId;
    case 'caseworker':
      return booking.jobcenter_code === principal.jobcenterCode || (slot !== null && mayManageSlot(principal, slot));
    case 'akasse':
      return booking.akasse_id === principal.akasseId || (slot !== null && mayManageSlot(principal, slot));
    default:
      return false;
  }
}

export function assertBookingAccess(principal: Principal, booking: BookingRow | null, slot: SlotRow | null): asserts booking is BookingRow {
  if (!booking) throw new DomainProblem(404, 'no such booking', 'booking-not-found');
  if (!mayAccessBooking(principal, booking, slot)) {
    throw new DomainProblem(403, principal.role === 'citizen' ? 'a citizen may only see and change their own meetings' : 'this booking belongs to another organisation', 'forbidden-booking');
  }
}

/** If-Match: the change applies only to the version the client saw (412 otherwise). Absent: no check. */
export function assertIfMatch(booking: BookingRow, ifMatch: string | undefined): void {
  if (!ifMatch || ifMatch.trim() === '*') return;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(bookingEtag(booking))) {
    throw new DomainProblem(412, 'the booking has changed since you read it (If-Match does not match its ETag)', 'precondition-failed');
  }
}

export function assertActive(booking: BookingRow): void {
  if (booking.status !== 'BOOKED') {
    throw new DomainProblem(409, `the booking is ${booking.status.toLowerCase().replace('_', '-')}`, 'booking-not-active');
  }
}
