import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findBooking, findSlot } from '../../infrastructure/booking-store';
import { BookingRow, decodeCursor, encodeCursor } from '../../infrastructure/rows';
import { assertBookingAccess } from '../shared/booking-access';
import { DomainProblem, Principal } from '@selvbook/platform';
import { GetBookingCommand, ListBookingsCommand } from './get-bookings.command';

@Injectable()
export class GetBookingUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: GetBookingCommand): Promise<BookingRow> {
    const booking = await findBooking(this.dataSource, command.bookingId);
    const slot = booking ? await findSlot(this.dataSource, booking.slot_id) : null;
    assertBookingAccess(command.principal, booking, slot);
    return booking;
  }
}

/** Whose bookings a list is of: a citizen's own (from the token); staff name the citizen. */
function citizenToList(principal: Principal, requested: string | undefined): string {
  if (principal.role === 'citizen') {
    if (requested && requested !== principal.citizenId) throw new DomainProblem(403, 'a citizen may only see their own bookings', 'forbidden-citizen');
    return principal.citizenId!;
  }
  if (!requested) {
    throw new DomainProblem(400, 'citizenId is required: staff list one citizen\'s bookings here (a calendar\'s: GET /v1/calendars/{calendarId}/bookings)', 'citizen-required');
  }
  return requested;
}

/** A citizen's bookings, newest first, with keyset pagination; staff see only their organisation's. */
@Injectable()
export class ListBookingsUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: ListBookingsCommand): Promise<{ items: BookingRow[]; nextCursor?: string }> {
    const { principal } = command;
    const citizenId = citizenToList(principal, command.citizenId);
    const limit = Math.min(Math.max(command.limit, 1), 100);
    const cursor = decodeCursor(command.cursor);
    const params: unknown[] = [citizenId, command.status ?? null];
    let scope = '';
    if (principal.role === 'caseworker') {
      params.push(principal.jobcenterCode);
      scope = `AND b.jobcenter_code = $${params.length}`;
    } else if (principal.role === 'akasse') {
      params.push(principal.akasseId);
      scope = `AND (b.akasse_id = $${params.length} OR EXISTS (SELECT 1 FROM slot s WHERE s.id = b.slot_id AND s.org_kind = 'AKASSE' AND s.org_code = $${params.length}))`;
    }
    let keyset = '';
    if (cursor) {
      params.push(cursor.at, cursor.id);
      keyset = `AND (b.created_at, b.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(limit + 1);
    const rows: { b: BookingRow }[] = await this.dataSource.query(
      `SELECT to_jsonb(b) AS b FROM booking b
        WHERE b.citizen_id = $1 AND ($2::text IS NULL OR b.status = $2::text) ${scope} ${keyset}
        ORDER BY b.created_at DESC, b.id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map((r) => r.b);
    const last = rows.length > limit ? items[items.length - 1] : undefined;
    return { items, ...(last ? { nextCursor: encodeCursor({ at: last.created_at, id: last.id }) } : {}) };
  }
}
