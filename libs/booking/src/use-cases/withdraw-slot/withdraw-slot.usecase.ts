import { ActorRole, CancellationReason, EventEnvelope } from '@selvbook/contracts';
import { Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { DomainProblem } from '@selvbook/platform';
import { actorRoleOf, assertMayManageSlot } from '../../domain/actor';
import { writeAudit } from '../../infrastructure/audit';
import { cancelBookingsOfSlot } from '../../infrastructure/booking-store';
import { cancelledEvent, slotEvent } from '../../infrastructure/events';
import { releaseReservationsOfSlot } from '../../infrastructure/reservation-store';
import { SlotRow } from '../../infrastructure/rows';
import { findSlot, withdrawSlot } from '../../infrastructure/slot-store';
import { BookingUseCase } from '../shared/booking-use-case';
import { inTransaction } from '../shared/transaction';
import { WithdrawSlotCommand } from './withdraw-slot.command';

/**
 * Withdraws a slot: its bookings are cancelled by the authority (booking.cancelled, so the deadline
 * reopens and the citizen may book again), held reservations are released, and the slot is WITHDRAWN.
 */
@Injectable()
export class WithdrawSlotUseCase extends BookingUseCase {
  async execute(command: WithdrawSlotCommand): Promise<{ slot: SlotRow; cancelledBookings: string[] }> {
    const { principal } = command;
    const now = this.clock.now();
    const source = this.settings.serviceName;
    return inTransaction(this.dataSource, async (tx) => {
      const before = await findSlot(tx, command.slotId, true);
      if (!before) throw new DomainProblem(404, 'no such slot', 'slot-not-found');
      assertMayManageSlot(principal, before);
      if (before.status === 'WITHDRAWN') return { slot: before, cancelledBookings: [] };
      const cancelled = await cancelBookingsOfSlot(tx, before.id, CancellationReason.CANCELLED_BY_AUTHORITY, now);
      await releaseReservationsOfSlot(tx, before.id);
      const slot = await withdrawSlot(tx, before.id);
      await writeAudit(tx, principal, [
        { action: 'slot.withdraw', entityType: 'slot', entityId: slot.id, before, after: slot },
        ...cancelled.map((b) => ({
          action: 'booking.cancel',
          entityType: 'booking' as const,
          entityId: b.id,
          before: { ...b, status: 'BOOKED' },
          after: b,
        })),
      ]);
      const role: ActorRole = actorRoleOf(principal);
      const events: EventEnvelope[] = cancelled.map((b) => cancelledEvent(b, role, source, now));
      events.push(...slotEvent(slot, source, now));
      await appendToOutbox(tx, events);
      return { slot, cancelledBookings: cancelled.map((b) => b.id) };
    });
  }
}
