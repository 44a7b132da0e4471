import { Inject, Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { rowsOf } from '@selvbook/persistence';
import { Clock } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { slotEvent } from '../../infrastructure/events';
import { SlotRow } from '../../infrastructure/rows';
import { BOOKING_SETTINGS, BookingSettings } from '../../infrastructure/settings';
import { ExpireReservationsCommand } from './expire-reservations.command';

/** The sweep: lapsed reservations give their seats back (writers on the same slot also do it on the way). */
@Injectable()
export class ExpireReservationsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(BOOKING_SETTINGS) private readonly settings: BookingSettings,
  ) {}

  async execute(command: ExpireReservationsCommand = new ExpireReservationsCommand()): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const rows = rowsOf<{ s: SlotRow; n: number }>(await tx.query(
        `WITH lapsed AS (
           UPDATE reservation SET status = 'EXPIRED'
            WHERE id IN (SELECT id FROM reservation WHERE status = 'HELD' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING slot_id
         ), per_slot AS (SELECT slot_id, count(*)::int AS n FROM lapsed GROUP BY slot_id)
         UPDATE slot SET seats_taken = seats_taken - per_slot.n, version = slot.version + 1 FROM per_slot
          WHERE slot.id = per_slot.slot_id AND slot.status = 'OPEN'
          RETURNING to_jsonb(slot) AS s, per_slot.n`,
        [now, command.batchSize],
      ));
      await appendToOutbox(tx, rows.flatMap((r) => slotEvent(r.s, this.settings.serviceName, now)));
      return rows.reduce((sum, r) => sum + r.n, 0);
    });
  }
}
