import { Inject, Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { rowsOf } from '@selvbook/persistence';
import { Clock, DomainProblem } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { actorRoleOf } from '../../domain/actor';
import { writeAudit } from '../../infrastructure/audit';
import { findSlot, lockBooking } from '../../infrastructure/booking-store';
import { attendanceEvents } from '../../infrastructure/events';
import { BookingRow, rangeBounds } from '../../infrastructure/rows';
import { BOOKING_SETTINGS, BookingSettings } from '../../infrastructure/settings';
import { assertActive, assertIfMatch, assertMayChangeBooking } from '../shared/booking-access';
import { inTransaction } from '../shared/transaction';
import { RegisterAttendanceCommand } from './register-attendance.command';

/**
 * The caseworker of the organisation that held the meeting registers it held, or a no-show (udeblivelse:
 * a self-booked meeting counts as a summons). A dagpenge member's no-show also goes to their a-kasse.
 */
@Injectable()
export class RegisterAttendanceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(BOOKING_SETTINGS) private readonly settings: BookingSettings,
  ) {}

  async execute(command: RegisterAttendanceCommand): Promise<BookingRow> {
    const { principal } = command;
    if (principal.role === 'citizen') throw new DomainProblem(403, 'attendance is registered by the caseworker', 'forbidden');
    const now = this.clock.now();
    return inTransaction(this.dataSource, async (tx) => {
      const before = await lockBooking(tx, command.bookingId);
      const slot = before ? await findSlot(tx, before.slot_id) : null;
      assertMayChangeBooking(principal, before, slot);
      if (!slot) throw new DomainProblem(409, 'the meeting\'s slot no longer exists', 'slot-not-found'); // a booking's slot is never deleted
      assertIfMatch(before, command.ifMatch);
      assertActive(before);
      if (rangeBounds(before.during).startsAt.getTime() > now.getTime()) {
        throw new DomainProblem(409, 'attendance can be registered once the meeting has started', 'meeting-not-started');
      }
      const rows = rowsOf<{ b: BookingRow }>(await tx.query(
        `UPDATE booking SET status = $2, version = version + 1, updated_at = $3 WHERE id = $1 RETURNING to_jsonb(booking) AS b`,
        [before.id, command.outcome, now],
      ));
      const booking = rows[0].b;
      await writeAudit(tx, principal, [{ action: `booking.${command.outcome === 'HELD' ? 'attended' : 'no-show'}`, entityType: 'booking', entityId: booking.id, before, after: booking }]);
      await appendToOutbox(tx, attendanceEvents(booking, slot, actorRoleOf(principal), this.settings.serviceName, now));
      return booking;
    });
  }
}
