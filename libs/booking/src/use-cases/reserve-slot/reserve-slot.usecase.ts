import { Inject, Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { Clock, DomainProblem } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { actorKey } from '../../domain/actor';
import { loadBookingContext } from '../../infrastructure/booking-store';
import { slotEvent } from '../../infrastructure/events';
import { ReservationRow, SlotRow } from '../../infrastructure/rows';
import { BOOKING_SETTINGS, BookingSettings } from '../../infrastructure/settings';
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
export class ReserveSlotUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(BOOKING_SETTINGS) private readonly settings: BookingSettings,
  ) {}

  async execute(command: ReserveSlotCommand): Promise<ReservationResult> {
    const { principal, idempotencyKey } = command;
    if (idempotencyKey) {
      const earlier = await this.byKey(actorKey(principal), idempotencyKey);
      if (earlier) return this.replay(earlier, command.request.slotId);
    }
    const request = await tieSelfBookingToDeadline(this.dataSource, principal, command.request);
    const now = this.clock.now();
    const context = await loadBookingContext(this.dataSource, request.slotId, request.deadlineId ?? null, request.citizenId ?? principal.citizenId ?? null, request.conversationType ?? null);
    const { draft } = prepareBooking(principal, request, context, now, this.settings.defaultPolicy);
    const expiresAt = new Date(now.getTime() + this.settings.reservationTtlSeconds * 1000);
    try {
      return await inTransaction(this.dataSource, async (tx) => {
        const rows: { r: ReservationRow; s: SlotRow }[] = await tx.query(
          `WITH lapsed AS (
             UPDATE reservation SET status = 'EXPIRED' WHERE slot_id = $2 AND status = 'HELD' AND expires_at <= $9 RETURNING id
           ), s AS (
             UPDATE slot SET seats_taken = seats_taken + 1 - (SELECT count(*) FROM lapsed)::int, version = version + 1
              WHERE id = $2 AND status = 'OPEN' RETURNING *
           ), r AS (
             INSERT INTO reservation (id, slot_id, citizen_id, deadline_id, conversation_type, format, status, expires_at,
                                      created_by_role, created_by_subject, created_by_actor, idempotency_scope, idempotency_key, created_at)
             SELECT $1, s.id, $3, $4, $5, $6, 'HELD', $7, $8, $10, $14, $11, $12, $9 FROM s
             RETURNING *
           ), a AS (
             INSERT INTO audit_log (at, actor_role, actor_subject, action, entity_type, entity_id, after, correlation_id)
             SELECT $9, $8, $10, 'reservation.reserve', 'reservation', r.id, to_jsonb(r), $13 FROM r
           )
           SELECT to_jsonb(r) AS r, to_jsonb(s) AS s FROM r, s`,
          [
            draft.id, draft.slotId, draft.citizenId, draft.deadlineId, draft.conversationType, draft.format, expiresAt, principal.role, now,
            principal.subject, idempotencyKey ? actorKey(principal) : null, idempotencyKey ?? null, correlationId(), actorKey(principal),
          ],
        );
        if (!rows[0]) throw new DomainProblem(409, 'the slot is no longer open', 'slot-withdrawn');
        await appendToOutbox(tx, slotEvent(rows[0].s, this.settings.serviceName, now));
        return { reservation: rows[0].r, created: true };
      });
    } catch (error) {
      if (idempotencyKey && error instanceof DomainProblem && error.getStatus() === 409) {
        const earlier = await this.byKey(actorKey(principal), idempotencyKey);
        if (earlier) return this.replay(earlier, command.request.slotId);
      }
      throw error;
    }
  }

  private async byKey(scope: string, key: string): Promise<ReservationRow | null> {
    const rows: { r: ReservationRow }[] = await this.dataSource.query(
      `SELECT to_jsonb(r) AS r FROM reservation r WHERE idempotency_scope = $1 AND idempotency_key = $2`,
      [scope, key],
    );
    return rows[0]?.r ?? null;
  }

  private replay(earlier: ReservationRow, slotId: string): ReservationResult {
    if (earlier.slot_id !== slotId) throw new DomainProblem(422, 'this idempotency key was used for a reservation of another slot', 'idempotency-key-reused');
    return { reservation: earlier, created: false };
  }
}
