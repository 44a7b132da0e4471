import { Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { DomainProblem } from '@selvbook/platform';
import { actorKey } from '../../domain/actor';
import { loadBookingContext } from '../../infrastructure/booking-store';
import { slotEvent } from '../../infrastructure/events';
import { findReservationByKey, reserveSeat } from '../../infrastructure/reservation-store';
import { ReservationRow } from '../../infrastructure/rows';
import { BookingUseCase } from '../shared/booking-use-case';
import { prepareBooking } from '../shared/prepare-booking';
import { tieSelfBookingToDeadline } from '../shared/self-booking';
import { correlationId, inTransaction } from '../shared/transaction';
import { ReserveSlotCommand } from './reserve-slot.command';

export interface ReservationResult {
  reservation: ReservationRow;
  created: boolean;
}

/**
 * Reserve (the planner protocol's first step [RULES §8.25]): holds a seat until `expires_at`; confirming
 * turns it into a booking. The seat is taken on the slot's counter, so capacity holds for reservations too;
 * a lapsed reservation's seat is freed by the next writer on the slot, or by the expiry sweep.
 */
@Injectable()
export class ReserveSlotUseCase extends BookingUseCase {
  async execute(command: ReserveSlotCommand): Promise<ReservationResult> {
    const { principal, idempotencyKey } = command;
    if (idempotencyKey) {
      const earlier = await findReservationByKey(this.dataSource, actorKey(principal), idempotencyKey);
      if (earlier) return this.replay(earlier, command.request.slotId);
    }
    const request = await tieSelfBookingToDeadline(this.dataSource, principal, command.request);
    const now = this.clock.now();
    const context = await loadBookingContext(
      this.dataSource,
      request.slotId,
      request.deadlineId ?? null,
      request.citizenId ?? principal.citizenId ?? null,
      request.conversationType ?? null,
    );
    const { draft } = prepareBooking(principal, request, context, now, this.settings.defaultPolicy);
    const expiresAt = new Date(now.getTime() + this.settings.reservationTtlSeconds * 1000);
    try {
      return await inTransaction(this.dataSource, async (tx) => {
        const idempotency = idempotencyKey ? { scope: actorKey(principal), key: idempotencyKey } : null;
        const held = await reserveSeat(tx, {
          draft,
          expiresAt,
          principal,
          actor: actorKey(principal),
          idempotency,
          now,
          correlationId: correlationId(),
        });
        if (!held) throw new DomainProblem(409, 'the slot is no longer open', 'slot-withdrawn');
        await appendToOutbox(tx, slotEvent(held.slot, this.settings.serviceName, now));
        return { reservation: held.reservation, created: true };
      });
    } catch (error) {
      if (idempotencyKey && error instanceof DomainProblem && error.getStatus() === 409) {
        const earlier = await findReservationByKey(this.dataSource, actorKey(principal), idempotencyKey);
        if (earlier) return this.replay(earlier, command.request.slotId);
      }
      throw error;
    }
  }

  private replay(earlier: ReservationRow, slotId: string): ReservationResult {
    if (earlier.slot_id !== slotId)
      throw new DomainProblem(
        422,
        'this idempotency key was used for a reservation of another slot',
        'idempotency-key-reused',
      );
    return { reservation: earlier, created: false };
  }
}
