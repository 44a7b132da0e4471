import { ActorRole, CancellationReason, EventEnvelope } from '@selvbook/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { rowsOf } from '@selvbook/persistence';
import { Clock, DomainProblem } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { actorRoleOf, assertMayManageSlot } from '../../domain/actor';
import { writeAudit } from '../../infrastructure/audit';
import { findSlot } from '../../infrastructure/booking-store';
import { cancelledEvent, slotEvent } from '../../infrastructure/events';
import { BookingRow, SlotRow } from '../../infrastructure/rows';
import { BOOKING_SETTINGS, BookingSettings } from '../../infrastructure/settings';
import { inTransaction } from '../shared/transaction';
import { WithdrawSlotCommand } from './withdraw-slot.command';

/**
 * Withdraws a slot: its bookings are cancelled by the authority (booking.cancelled, so the deadline
 * reopens and the citizen may book again), held reservations are released, and the slot is WITHDRAWN.
 */
@Injectable()
export class WithdrawSlotUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(BOOKING_SETTINGS) private readonly settings: BookingSettings,
  ) {}

  async execute(command: WithdrawSlotCommand): Promise<{ slot: SlotRow; cancelledBookings: string[] }> {
    const { principal } = command;
    const now = this.clock.now();
    const source = this.settings.serviceName;
    return inTransaction(this.dataSource, async (tx) => {
      const before = await findSlot(tx, command.slotId, true);
      if (!before) throw new DomainProblem(404, 'no such slot', 'slot-not-found');
      assertMayManageSlot(principal, before);
      if (before.status === 'WITHDRAWN') return { slot: before, cancelledBookings: [] };
      const cancelled = rowsOf<{ b: BookingRow }>(await tx.query(
        `UPDATE booking SET status = 'CANCELLED', cancel_reason = $2, version = version + 1, updated_at = $3
          WHERE slot_id = $1 AND status = 'BOOKED' RETURNING to_jsonb(booking) AS b`,
        [before.id, CancellationReason.CANCELLED_BY_AUTHORITY, now],
      ));
      await tx.query(`UPDATE reservation SET status = 'RELEASED' WHERE slot_id = $1 AND status = 'HELD'`, [before.id]);
      const [{ s: slot }] = rowsOf<{ s: SlotRow }>(await tx.query(
        `UPDATE slot SET status = 'WITHDRAWN', seats_taken = 0, version = version + 1 WHERE id = $1 RETURNING to_jsonb(slot) AS s`,
        [before.id],
      ));
      await writeAudit(tx, principal, [
        { action: 'slot.withdraw', entityType: 'slot', entityId: slot.id, before, after: slot },
        ...cancelled.map(({ b }) => ({ action: 'booking.cancel', entityType: 'booking' as const, entityId: b.id, before: { ...b, status: 'BOOKED' }, after: b })),
      ]);
      const role: ActorRole = actorRoleOf(principal);
      const events: EventEnvelope[] = cancelled.map(({ b }) => cancelledEvent(b, role, source, now));
      events.push(...slotEvent(slot, source, now));
      await appendToOutbox(tx, events);
      return { slot, cancelledBookings: cancelled.map(({ b }) => b.id) };
    });
  }
}
