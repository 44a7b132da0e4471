import { Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { writeAudit } from '../../infrastructure/audit';
import { slotEvent } from '../../infrastructure/events';
import { endReservation, findReservation } from '../../infrastructure/reservation-store';
import { assertOwnReservation } from '../confirm-reservation/confirm-reservation.usecase';
import { BookingUseCase } from '../shared/booking-use-case';
import { inTransaction } from '../shared/transaction';
import { ReleaseReservationCommand } from './release-reservation.command';

/** Gives a held seat back before the reservation lapses. Releasing twice is harmless. */
@Injectable()
export class ReleaseReservationUseCase extends BookingUseCase {
  async execute(command: ReleaseReservationCommand): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.dataSource, async (tx) => {
      const reservation = await findReservation(tx, command.reservationId, true);
      assertOwnReservation(command.principal, reservation);
      if (reservation.status !== 'HELD') return;
      const slot = await endReservation(tx, reservation, 'RELEASED');
      await writeAudit(tx, command.principal, [
        {
          action: 'reservation.release',
          entityType: 'reservation',
          entityId: reservation.id,
          before: reservation,
          after: { ...reservation, status: 'RELEASED' },
        },
      ]);
      if (slot) await appendToOutbox(tx, slotEvent(slot, this.settings.serviceName, now));
    });
  }
}
