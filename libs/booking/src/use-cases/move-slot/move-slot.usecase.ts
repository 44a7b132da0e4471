import { Inject, Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { rowsOf } from '@selvbook/persistence';
import { Clock, DomainProblem } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { assertMayManageSlot } from '../../domain/actor';
import { writeAudit } from '../../infrastructure/audit';
import { findSlot } from '../../infrastructure/booking-store';
import { slotEvent } from '../../infrastructure/events';
import { SlotRow } from '../../infrastructure/rows';
import { BOOKING_SETTINGS, BookingSettings } from '../../infrastructure/settings';
import { inTransaction } from '../shared/transaction';
import { MoveSlotCommand } from './move-slot.command';

/**
 * Moves an unbooked slot to another time. A booked slot is not moved under its citizens: withdraw it
 * (they are told and may rebook) and publish a new one.
 */
@Injectable()
export class MoveSlotUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(BOOKING_SETTINGS) private readonly settings: BookingSettings,
  ) {}

  async execute(command: MoveSlotCommand): Promise<SlotRow> {
    const now = this.clock.now();
    if (!(command.endsAt > command.startsAt)) throw new DomainProblem(400, 'a slot must end after it starts', 'slot-time-order');
    if (command.startsAt <= now) throw new DomainProblem(400, 'a slot cannot be moved into the past', 'slot-in-past');
    return inTransaction(this.dataSource, async (tx) => {
      const before = await findSlot(tx, command.slotId, true);
      if (!before) throw new DomainProblem(404, 'no such slot', 'slot-not-found');
      assertMayManageSlot(command.principal, before);
      if (before.status !== 'OPEN') throw new DomainProblem(409, 'the slot was withdrawn', 'slot-withdrawn');
      if (before.seats_taken > 0) throw new DomainProblem(409, 'the slot has bookings or reservations: withdraw it instead', 'slot-booked');
      const [{ s: slot }] = rowsOf<{ s: SlotRow }>(await tx.query(
        `UPDATE slot SET starts_at = $2, ends_at = $3, version = version + 1 WHERE id = $1 RETURNING to_jsonb(slot) AS s`,
        [before.id, command.startsAt, command.endsAt],
      ));
      await writeAudit(tx, command.principal, [{ action: 'slot.move', entityType: 'slot', entityId: slot.id, before, after: slot }]);
      await appendToOutbox(tx, slotEvent(slot, this.settings.serviceName, now));
      return slot;
    });
  }
}
