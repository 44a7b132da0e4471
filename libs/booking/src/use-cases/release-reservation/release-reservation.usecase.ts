import { Inject, Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { Clock } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { findReservation } from '../../infrastructure/booking-store';
import { writeAudit } from '../../infrastructure/audit';
import { slotEvent } from '../../infrastructure/events';
import { BOOKING_SETTINGS, BookingSettings } from '../../infrastructure/settings';
import { assertOwnReservation, endReservation } from '../confirm-reservation/confirm-reservation.usecase';
import { inTransaction } from '../shared/transaction';
import { ReleaseReservationCommand } from './release-reservation.command';

/** Gives a held seat back before the reservation lapses. Releasing twice is harmless. */
@Injectable()
export class ReleaseReservationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(BOOKING_SETTINGS) private readonly settings: BookingSettings,
  ) {}

  async execute(command: ReleaseReservationCommand): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.dataSource, async (tx) => {
      const reservation = await findReservation(tx, command.reservationId, true);
      assertOwnReservation(command.principal, reservation);
      if (reservation.status !== 'HELD') return;
      const slot = await endReservation(tx, reservation, 'RELEASED');
      await writeAudit(tx, command.principal, [{ action: 'reservation.release', entityType: 'reservation', entityId: reservation.id, before: reservation, after: { ...reservation, status: 'RELEASED' } }]);
      if (slot) await appendToOutbox(tx, slotEvent(slot, this.settings.serviceName, now));
    });
  }
}
