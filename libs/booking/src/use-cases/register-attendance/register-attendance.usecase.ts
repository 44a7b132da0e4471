import { Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { DomainProblem } from '@selvbook/platform';
import { actorRoleOf } from '../../domain/actor';
import { writeAudit } from '../../infrastructure/audit';
import { setAttendance } from '../../infrastructure/booking-store';
import { attendanceEvents } from '../../infrastructure/events';
import { BookingRow, rangeBounds } from '../../infrastructure/rows';
import { BookingUseCase } from '../shared/booking-use-case';
import { lockBookingToChange } from '../shared/booking-access';
import { inTransaction } from '../shared/transaction';
import { RegisterAttendanceCommand } from './register-attendance.command';

/**
 * The caseworker of the organisation that held the meeting registers it held, or a no-show (udeblivelse:
 * a self-booked meeting counts as a summons). A dagpenge member's no-show also goes to their a-kasse.
 */
@Injectable()
export class RegisterAttendanceUseCase extends BookingUseCase {
  async execute(command: RegisterAttendanceCommand): Promise<BookingRow> {
    const { principal } = command;
    if (principal.role === 'citizen')
      throw new DomainProblem(403, 'attendance is registered by the caseworker', 'forbidden');
    const now = this.clock.now();
    return inTransaction(this.dataSource, async (tx) => {
      const { booking: before, slot } = await lockBookingToChange(tx, command);
      // a booking's slot is never deleted
      if (!slot) throw new DomainProblem(409, "the meeting's slot no longer exists", 'slot-not-found');
      if (rangeBounds(before.during).startsAt.getTime() > now.getTime()) {
        throw new DomainProblem(
          409,
          'attendance can be registered once the meeting has started',
          'meeting-not-started',
        );
      }
      const booking = await setAttendance(tx, before.id, command.outcome, now);
      await writeAudit(tx, principal, [
        {
          action: `booking.${command.outcome === 'HELD' ? 'attended' : 'no-show'}`,
          entityType: 'booking',
          entityId: booking.id,
          before,
          after: booking,
        },
      ]);
      await appendToOutbox(tx, attendanceEvents(booking, slot, actorRoleOf(principal), this.settings.serviceName, now));
      return booking;
    });
  }
}
