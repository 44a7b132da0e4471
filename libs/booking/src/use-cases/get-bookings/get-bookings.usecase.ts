import { Injectable } from '@nestjs/common';
import { DomainProblem, Principal } from '@selvbook/platform';
import { citizenBookings, findBooking } from '../../infrastructure/booking-store';
import { BookingRow, decodeCursor, encodeCursor } from '../../infrastructure/rows';
import { findSlot } from '../../infrastructure/slot-store';
import { assertBookingAccess } from '../shared/booking-access';
import { BookingUseCase } from '../shared/booking-use-case';
import { GetBookingCommand, ListBookingsCommand } from './get-bookings.command';

@Injectable()
export class GetBookingUseCase extends BookingUseCase {
  async execute(command: GetBookingCommand): Promise<BookingRow> {
    const booking = await findBooking(this.reads, command.bookingId);
    const slot = booking ? await findSlot(this.reads, booking.slot_id) : null;
    assertBookingAccess(command.principal, booking, slot);
    return booking;
  }
}

/** Whose bookings a list is of: a citizen's own (from the token); staff name the citizen. */
function citizenToList(principal: Principal, requested: string | undefined): string {
  if (principal.role === 'citizen') {
    if (requested && requested !== principal.citizenId)
      throw new DomainProblem(403, 'a citizen may only see their own bookings', 'forbidden-citizen');
    return principal.citizenId!;
  }
  if (!requested) {
    throw new DomainProblem(
      400,
      "citizenId is required: staff list one citizen's bookings " +
        "here (a calendar's: GET /v1/calendars/{calendarId}/bookings)",
      'citizen-required',
    );
  }
  return requested;
}

/** A citizen's bookings, newest first, with keyset pagination; staff see only their organisation's. */
@Injectable()
export class ListBookingsUseCase extends BookingUseCase {
  async execute(command: ListBookingsCommand): Promise<{ items: BookingRow[]; nextCursor?: string }> {
    const { principal } = command;
    const citizenId = citizenToList(principal, command.citizenId);
    const limit = Math.min(Math.max(command.limit, 1), 100);
    const cursor = decodeCursor(command.cursor);
    const organisation =
      principal.role === 'caseworker'
        ? { kind: 'JOBCENTER' as const, code: principal.jobcenterCode! }
        : principal.role === 'akasse'
          ? { kind: 'AKASSE' as const, code: principal.akasseId! }
          : null;
    const rows = await citizenBookings(this.reads, {
      citizenId,
      status: command.status ?? null,
      organisation,
      after: cursor ?? null,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = rows.length > limit ? items[items.length - 1] : undefined;
    return { items, ...(last ? { nextCursor: encodeCursor({ at: last.created_at, id: last.id }) } : {}) };
  }
}
