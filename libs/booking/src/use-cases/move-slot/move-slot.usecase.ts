import { Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { DomainProblem } from '@selvbook/platform';
import { assertMayManageSlot } from '../../domain/actor';
import { writeAudit } from '../../infrastructure/audit';
import { slotEvent } from '../../infrastructure/events';
import { SlotRow } from '../../infrastructure/rows';
import { findSlot, moveSlot } from '../../infrastructure/slot-store';
import { BookingUseCase } from '../shared/booking-use-case';
import { inTransaction } from '../shared/transaction';
import { MoveSlotCommand } from './move-slot.command';

/**
 * Moves an unbooked slot to another time. A booked slot is not moved under its citizens: withdraw it
 * (they are told and may rebook) and publish a new one.
 */
@Injectable()
export class MoveSlotUseCase extends BookingUseCase {
  async execute(command: MoveSlotCommand): Promise<SlotRow> {
    const now = this.clock.now();
    if (!(command.endsAt > command.startsAt))
      throw new DomainProblem(400, 'a slot must end after it starts', 'slot-time-order');
    if (command.startsAt <= now) throw new DomainProblem(400, 'a slot cannot be moved into the past', 'slot-in-past');
    return inTransaction(this.dataSource, async (tx) => {
      const before = await findSlot(tx, command.slotId, true);
      if (!before) throw new DomainProblem(404, 'no such slot', 'slot-not-found');
      assertMayManageSlot(command.principal, before);
      if (before.status !== 'OPEN') throw new DomainProblem(409, 'the slot was withdrawn', 'slot-withdrawn');
      if (before.seats_taken > 0)
        throw new DomainProblem(409, 'the slot has bookings or reservations: withdraw it instead', 'slot-booked');
      const slot = await moveSlot(tx, before.id, command.startsAt, command.endsAt);
      await writeAudit(tx, command.principal, [
        { action: 'slot.move', entityType: 'slot', entityId: slot.id, before, after: slot },
      ]);
      await appendToOutbox(tx, slotEvent(slot, this.settings.serviceName, now));
      return slot;
    });
  }
}
