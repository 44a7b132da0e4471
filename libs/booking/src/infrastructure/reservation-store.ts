/**
 * The reservation store: a reservation holds a seat on the slot's counter until it is confirmed (a booking
 * then takes the seat over, booking-store's `bookSeat`), released, or lapses.
 */
import { Principal } from '@selvbook/platform';
import { Queryable, rowsFrom } from './database';
import type { BookingDraft } from './booking-store';
import { ReservationRow, SlotRow } from './rows';

export async function findReservation(q: Queryable, id: string, lock = false): Promise<ReservationRow | null> {
  const rows: { r: ReservationRow }[] = await q.query(
    `SELECT to_jsonb(r) AS r FROM reservation r WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0]?.r ?? null;
}

export async function findReservationByKey(q: Queryable, scope: string, key: string): Promise<ReservationRow | null> {
  const rows: { r: ReservationRow }[] = await q.query(
    `SELECT to_jsonb(r) AS r FROM reservation r WHERE idempotency_scope = $1 AND idempotency_key = $2`,
    [scope, key],
  );
  return rows[0]?.r ?? null;
}

export interface SeatReservation {
  draft: BookingDraft;
  expiresAt: Date;
  principal: Principal;
  /** `actorKey` of the principal: only they (or system) may confirm or release it */
  actor: string;
  idempotency: { scope: string; key: string } | null;
  now: Date;
  correlationId: string | null;
}

/**
 * Holds a seat: frees seats of lapsed reservations on the slot, takes one, inserts the reservation and its
 * audit row, in one statement. Returns null when the slot is not open.
 */
export async function reserveSeat(
  tx: Queryable,
  seat: SeatReservation,
): Promise<{ reservation: ReservationRow; slot: SlotRow } | null> {
  const { draft, principal } = seat;
  const rows: { r: ReservationRow; s: SlotRow }[] = await tx.query(
    `WITH lapsed AS (
       UPDATE reservation SET status = 'EXPIRED' WHERE slot_id = $2 AND status = 'HELD' AND expires_at <= $9
         RETURNING id
     ), s AS (
       UPDATE slot SET seats_taken = seats_taken + 1 - (SELECT count(*) FROM lapsed)::int, version = version + 1
        WHERE id = $2 AND status = 'OPEN' RETURNING *
     ), r AS (
       INSERT INTO reservation (id, slot_id, citizen_id, deadline_id, conversation_type, format, status, expires_at,
                                created_by_role, created_by_subject, created_by_actor, idempotency_scope,
                                  idempotency_key, created_at)
       SELECT $1, s.id, $3, $4, $5, $6, 'HELD', $7, $8, $10, $14, $11, $12, $9 FROM s
       RETURNING *
     ), a AS (
       INSERT INTO audit_log (at, actor_role, actor_subject, action, entity_type, entity_id, after, correlation_id)
       SELECT $9, $8, $10, 'reservation.reserve', 'reservation', r.id, to_jsonb(r), $13 FROM r
     )
     SELECT to_jsonb(r) AS r, to_jsonb(s) AS s FROM r, s`,
    [
      draft.id,
      draft.slotId,
      draft.citizenId,
      draft.deadlineId,
      draft.conversationType,
      draft.format,
      seat.expiresAt,
      principal.role,
      seat.now,
      principal.subject,
      seat.idempotency?.scope ?? null,
      seat.idempotency?.key ?? null,
      seat.correlationId,
      seat.actor,
    ],
  );
  return rows[0] ? { reservation: rows[0].r, slot: rows[0].s } : null;
}

/** Frees the seat of a held reservation (lapsed or released), in the caller's transaction. */
export async function endReservation(
  tx: Queryable,
  reservation: ReservationRow,
  status: 'EXPIRED' | 'RELEASED',
): Promise<SlotRow | null> {
  const rows = await rowsFrom<{ s: SlotRow }>(
    tx,
    'reservation-end',
    `WITH r AS (UPDATE reservation SET status = $2 WHERE id = $1 AND status = 'HELD' RETURNING slot_id)
     UPDATE slot SET seats_taken = seats_taken - 1, version = slot.version + 1 FROM r
      WHERE slot.id = r.slot_id AND slot.status = 'OPEN' RETURNING to_jsonb(slot) AS s`,
    [reservation.id, status],
  );
  return rows[0]?.s ?? null;
}

/** The reservation's seat became this booking. */
export async function markConfirmed(tx: Queryable, reservationId: string, bookingId: string): Promise<void> {
  await tx.query(`UPDATE reservation SET status = 'CONFIRMED', booking_id = $2 WHERE id = $1`, [
    reservationId,
    bookingId,
  ]);
}

/** Releases the held reservations of a slot being withdrawn (their seats go with the slot). */
export async function releaseReservationsOfSlot(tx: Queryable, slotId: string): Promise<void> {
  await tx.query(`UPDATE reservation SET status = 'RELEASED' WHERE slot_id = $1 AND status = 'HELD'`, [slotId]);
}

/**
 * Expires up to `batchSize` lapsed reservations (oldest first, skipping rows another sweep holds) and gives
 * their seats back: the slots changed, each with how many seats it got back.
 */
export async function expireReservations(
  tx: Queryable,
  now: Date,
  batchSize: number,
): Promise<{ s: SlotRow; n: number }[]> {
  return rowsFrom<{ s: SlotRow; n: number }>(
    tx,
    'reservation-expire',
    `WITH lapsed AS (
       UPDATE reservation SET status = 'EXPIRED'
        WHERE id IN (SELECT id FROM reservation WHERE status = 'HELD' AND expires_at <= $1 ORDER BY expires_at LIMIT $2
          FOR UPDATE SKIP LOCKED)
        RETURNING slot_id
     ), per_slot AS (SELECT slot_id, count(*)::int AS n FROM lapsed GROUP BY slot_id)
     UPDATE slot SET seats_taken = seats_taken - per_slot.n, version = slot.version + 1 FROM per_slot
      WHERE slot.id = per_slot.slot_id AND slot.status = 'OPEN'
      RETURNING to_jsonb(slot) AS s, per_slot.n`,
    [now, batchSize],
  );
}
