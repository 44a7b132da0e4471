import { Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { slotEvent } from '../../infrastructure/events';
import { expireReservations } from '../../infrastructure/reservation-store';
import { BookingUseCase } from '../shared/booking-use-case';
import { ExpireReservationsCommand } from './expire-reservations.command';

/** The sweep: lapsed reservations give their seats back (writers on the same slot also do it on the way). */
@Injectable()
export class ExpireReservationsUseCase extends BookingUseCase {
  async execute(command: ExpireReservationsCommand = new ExpireReservationsCommand()): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const rows = await expireReservations(tx, now, command.batchSize);
      await appendToOutbox(
        tx,
        rows.flatMap((r) => slotEvent(r.s, this.settings.serviceName, now)),
      );
      return rows.reduce((sum, r) => sum + r.n, 0);
    });
  }
}
