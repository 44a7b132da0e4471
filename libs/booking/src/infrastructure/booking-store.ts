import { Principal } from '@selvbook/platform';
import type { EntityManager } from 'typeorm';
import { outboxRowsFrom } from '@selvbook/messaging';
import { BookingPolicy } from '../domain/booking-policy';
import type { DirectOutbox } from './direct-outbox';
import { BookingRow, CitizenRow, DeadlineRow, PolicyRow, ReservationRow, SlotRow } from './rows';

export interface BookingContext {
  slot: SlotRow | null;
  deadline: DeadlineRow | null;
  citizen: CitizenRow | null;
  policy: PolicyRow | null;
}

type Queryable = Pick<EntityManager, 'query'>;

/**
 * A booking's context, $1 slot, $2 deadline, $3 citizen (else the deadline's), $4 conversation type (else the deadline's
 * or the slot's first): both context reads share it. A request that names no deadline gets the one the booking fulfils,
 * by the deadline-service's rule (RULES §5 invariant [F:S22, F:S23]): the citizen's open deadline of that conversation
 * type not booked yet, the earliest whose latest meeting date admits the slot's day, else the earliest — whose window
 * then refuses the booking exactly as if it had been named. With every such deadline booked, nothing is resolved:
 * staff may book a further meeting; a citizen is refused (no open deadline: they rebook instead).
 */
const CONTEXT_COLUMNS = 'row_to_json(s) AS slot, row_to_json(d) AS deadline, row_to_json(c) AS citizen, row_to_json(p) AS policy';
const CONTEXT_FROM = `FROM (SELECT 1) one
       LEFT JOIN slot s ON s.id = $1
       LEFT JOIN LATERAL (
         SELECT * FROM deadline d
          WHERE ($2::uuid IS NOT NULL AND d.deadline_id = $2)
             OR ($2::uuid IS NULL AND d.citizen_id = $3::uuid AND d.status = 'OPEN'
                 AND d.conversation_type = COALESCE($4::int, s.conversation_types[1])
                 AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.deadline_id = d.deadline_id AND b.status = 'BOOKED'))
          ORDER BY d.latest_meeting_date >= (s.starts_at AT TIME ZONE 'Europe/Copenhagen')::date DESC NULLS LAST,
                   d.deadline_date, d.conversation_number
          LIMIT 1) d ON true
       LEFT JOIN citizen c ON c.citizen_id = COALESCE($3::uuid, d.citizen_id)
       LEFT JOIN LATERAL (
         SELECT * FROM booking_policy p
          WHERE p.org_kind = s.org_kind AND p.org_code = s.org_code
            AND p.conversation_type IN (0, COALESCE(d.conversation_type, $4::int, s.conversation_types[1]))
          ORDER BY p.conversation_type DESC LIMIT 1) p ON true`;

/** Slot, deadline, citizen and the policy that applies, in one round trip. */
export async function loadBookingContext(
  q: Queryable,
  slotId: string,
  deadlineId: string | null,
  citizenId: string | null,
  conversationType: number | null,
): Promise<BookingContext> {
  const rows: { slot: SlotRow | null; deadline: DeadlineRow | null; citizen: CitizenRow | null; policy: PolicyRow | null }[] = await q.query(
    `SELECT ${CONTEXT_COLUMNS} ${CONTEXT_FROM}`,
    [slotId, deadlineId, citizenId, conversationType],
  );
  return rows[0];
}

export function policyOf(row: PolicyRow | null, fallback: BookingPolicy): BookingPolicy {
  if (!row) return fallback;
  return {
    minLeadMinutesBook: row.min_lead_minutes_book,
    minLeadMinutesChange: row.min_lead_minutes_change,
    maxAdvanceDays: row.max_advance_days,
    rebookingAllowed: row.rebooking_allowed,
  };
}

export async function policyFor(q: Queryable, orgKind: string, orgCode: string, conversationType: number, fallback: BookingPolicy): Promise<BookingPolicy> {
  const rows: PolicyRow[] = await q.query(
    `SELECT * FROM booking_policy WHERE org_kind = $1 AND org_code = $2 AND conversation_type IN (0, $3) ORDER BY conversation_type DESC LIMIT 1`,
    [orgKind, orgCode, conversationType],
  );
  return policyOf(rows[0] ?? null, fallback);
}

export interface BookingDraft {
  id: string;
  slotId: string;
  citizenId: string;
  deadlineId: string | null;
  jobcenterCode: string;
  akasseId: string | null;
  conversationType: number;
  format: string;
  selfBooked: boolean;
  /** the rebooking rights the meeting notice states [F:S21 §20 nr. 11–12] */
  rebookingAllowed: boolean;
  rebookableUntil: Date | null;
  previousBookingId?: string | null;
  idempotencyScope?: string | null;
  idempotencyKey?: string | null;
}

/**
 * Books a seat: frees seats of lapsed reservations on the slot, takes one (`takeSeat`; a confirmed
 * reservation already holds its seat), inserts the booking and its audit row, in one statement. The
 * constraints decide every race: slot_capacity (CHECK on the counter, row-locked by this UPDATE),
 * booking_citizen_no_overlap (exclusion), booking_one_active_per_deadline (partial unique index).
 */
export async function insertBooking(
  tx: Queryable,
  draft: BookingDraft,
  principal: Principal,
  actorRole: string,
  now: Date,
  takeSeat: boolean,
  correlationId: string | null,
): Promise<{ booking: BookingRow; slot: SlotRow } | null> {
  const rows: { booking: BookingRow; slot: SlotRow }[] = await tx.query(
    `WITH lapsed AS (
       UPDATE reservation SET status = 'EXPIRED'
        WHERE slot_id = $2 AND status = 'HELD' AND expires_at <= $17 AND $16::boolean
        RETURNING id
     ), s AS (
       UPDATE slot SET seats_taken = seats_taken + (CASE WHEN $16::boolean THEN 1 ELSE 0 END) - (SELECT count(*) FROM lapsed)::int,
                       version = version + 1
        WHERE id = $2 AND status = 'OPEN'
        RETURNING *
     ), b AS (
       INSERT INTO booking (id, slot_id, citizen_id, deadline_id, jobcenter_code, akasse_id, conversation_type, format, location,
                            during, status, booked_by_role, booked_by_subject, self_booked, previous_booking_id,
                            idempotency_scope, idempotency_key, created_at, updated_at, rebooking_allowed, rebookable_until)
       SELECT $1, s.id, $3, $4, $5, $6, $7, $8, s.location, tstzrange(s.starts_at, s.ends_at, '[)'), 'BOOKED', $9, $10, $11, $12,
              $13, $14, $17, $17, $19, $20
         FROM s
       RETURNING *
     ), a AS (
       INSERT INTO audit_log (at, actor_role, actor_subject, action, entity_type, entity_id, after, correlation_id)
       SELECT $17, $18, $10, CASE WHEN b.previous_booking_id IS NULL THEN 'booking.book' ELSE 'booking.rebook' END, 'booking', b.id, to_jsonb(b), $15
         FROM b
     )
     SELECT to_jsonb(b) AS booking, to_jsonb(s) AS slot FROM b, s`,
    [
      ...bookingValues(draft, actorRole, principal),
      draft.previousBookingId ?? null,
      draft.idempotencyScope ?? null,
      draft.idempotencyKey ?? null,
      correlationId,
      takeSeat,
      now,
      principal.role,
      draft.rebookingAllowed,
      draft.rebookableUntil,
    ],
  );
  return rows[0] ?? null;
}

/** Cancels an active booking and frees its seat, with its audit row, in one statement. */
export async function cancelBookingRow(
  tx: Queryable,
  before: BookingRow,
  change: { status: 'CANCELLED'; reason: string; legitimateReason: string | null; replacedBy: string | null },
  principal: Principal,
  now: Date,
  correlationId: string | null,
): Promise<{ booking: BookingRow; slot: SlotRow }> {
  const rows: { booking: BookingRow; slot: SlotRow }[] = await tx.query(
    `WITH b AS (
       UPDATE booking SET status = 'CANCELLED', cancel_reason = $2, legitimate_reason = $3, replaced_by_booking_id = $4,
                          version = version + 1, updated_at = $5
        WHERE id = $1 AND status = 'BOOKED'
        RETURNING *
     ), s AS (
       UPDATE slot SET seats_taken = seats_taken - 1, version = slot.version + 1 FROM b
        WHERE slot.id = b.slot_id AND slot.status = 'OPEN'
        RETURNING slot.*
     ), a AS (
       INSERT INTO audit_log (at, actor_role, actor_subject, action, entity_type, entity_id, before, after, correlation_id)
       SELECT $5, $6, $7, 'booking.cancel', 'booking', b.id, $8::jsonb, to_jsonb(b), $9 FROM b
     )
     SELECT to_jsonb(b) AS booking, (SELECT to_jsonb(s) FROM s) AS slot FROM b`,
    [before.id, change.reason, change.legitimateReason, change.replacedBy, now, principal.role, principal.subject, JSON.stringify(before), correlationId],
  );
  return rows[0];
}

export async function lockBooking(tx: Queryable, id: string): Promise<BookingRow | null> {
  const rows: { b: BookingRow }[] = await tx.query(`SELECT to_jsonb(b) AS b FROM booking b WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0]?.b ?? null;
}

export async function findBooking(q: Queryable, id: string): Promise<BookingRow | null> {
  const rows: { b: BookingRow }[] = await q.query(`SELECT to_jsonb(b) AS b FROM booking b WHERE id = $1`, [id]);
  return rows[0]?.b ?? null;
}

export async function findBookingByKey(q: Queryable, scope: string, key: string): Promise<BookingRow | null> {
  const rows: { b: BookingRow }[] = await q.query(
    `SELECT to_jsonb(b) AS b FROM booking b WHERE idempotency_scope = $1 AND idempotency_key = $2`,
    [scope, key],
  );
  return rows[0]?.b ?? null;
}

/** A booking as its booking statement wrote it (the audit row's `after`), whatever happened to it since. */
export async function bookingAsMade(pool: PgQueryable, id: string): Promise<BookingRow | null> {
  const { rows } = await pool.query<{ after: BookingRow }>(
    `SELECT after FROM audit_log WHERE entity_type = 'booking' AND entity_id = $1 AND action IN ('booking.book', 'booking.rebook') ORDER BY at, id LIMIT 1`,
    [id],
  );
  return rows[0]?.after ?? null;
}

export async function findSlot(q: Queryable, id: string, lock = false): Promise<SlotRow | null> {
  const rows: { s: SlotRow }[] = await q.query(`SELECT to_jsonb(s) AS s FROM slot s WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0]?.s ?? null;
}

export async function findReservation(q: Queryable, id: string, lock = false): Promise<ReservationRow | null> {
  const rows: { r: ReservationRow }[] = await q.query(`SELECT to_jsonb(r) AS r FROM reservation r WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0]?.r ?? null;
}

/** A plain `pg` pool or client: the hot paths use the DataSource's own pool without TypeORM in between. */
export interface PgQueryable {
  query<R = unknown>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  /** with a `name`: a prepared statement, parsed and planned once per connection */
  query<R = unknown>(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: R[] }>;
}

/** The `pg` pool behind a TypeORM DataSource on PostgreSQL (same connections, same configuration). */
export function pgPoolOf(dataSource: { driver: unknown }): PgQueryable {
  const pool = (dataSource.driver as { master?: PgQueryable }).master;
  if (!pool) throw new Error('no PostgreSQL pool: the DataSource is not initialised or not on PostgreSQL');
  return pool;
}

export interface DirectBookingContext extends BookingContext {
  /** the booking an earlier request with the same idempotency key (and caller) made */
  earlier: BookingRow | null;
}

/** loadBookingContext plus the idempotency-key lookup, in one round trip on a plain `pg` pool. */
export async function loadDirectBookingContext(
  pool: PgQueryable,
  slotId: string,
  deadlineId: string | null,
  citizenId: string | null,
  conversationType: number | null,
  idempotency: { scope: string; key: string } | null,
): Promise<DirectBookingContext> {
  const { rows } = await pool.query<DirectBookingContext>({
    name: 'booking-context',
    text: `SELECT ${CONTEXT_COLUMNS}, to_jsonb(k) AS earlier ${CONTEXT_FROM}
       LEFT JOIN booking k ON $5::text IS NOT NULL AND k.idempotency_scope = $5 AND k.idempotency_key = $6`,
    values: [slotId, deadlineId, citizenId, conversationType, idempotency?.scope ?? null, idempotency?.key ?? null],
  });
  return rows[0];
}

/**
 * Books a seat directly, with everything it writes, in ONE statement (autocommitted, so one round trip
 * and one transaction): frees seats of lapsed reservations on the slot, takes a seat, inserts the booking,
 * its audit row and its outbox rows. The constraints decide every race exactly as in insertBooking
 * (slot_capacity, booking_citizen_no_overlap, booking_one_active_per_deadline, booking_idempotency).
 *
 * The events were built and validated from the slot as read; the slot row is pinned to that start, end and
 * location, so a slot moved in between books nothing (null, as for a withdrawn slot) and the caller reads
 * it again (the policy checks then see the new time too). The outbox's slot-count rows get the seat count the UPDATE left.
 * Returns the booking row and that seat count (not the whole slot row: nothing reads it, and it cost the database a
 * `to_jsonb` and the service a parse per booking).
 */
export async function bookInOneStatement(
  pool: PgQueryable,
  draft: BookingDraft,
  pinned: { startsAt: string; endsAt: string; location: string },
  principal: Principal,
  actorRole: string,
  now: Date,
  correlationId: string | null,
  outbox: DirectOutbox,
): Promise<{ booking: BookingRow; seatsTaken: number } | null> {
  const { rows } = await pool.query<{ booking: BookingRow; seatsTaken: number }>({
    name: 'booking-book',
    text: `WITH lapsed AS (
       UPDATE reservation SET status = 'EXPIRED'
        WHERE slot_id = $2 AND status = 'HELD' AND expires_at <= $15
          AND EXISTS (SELECT 1 FROM slot WHERE id = $2 AND starts_at = $17::timestamptz AND ends_at = $18::timestamptz AND location = $20)
        RETURNING id
     ), s AS (
       UPDATE slot SET seats_taken = seats_taken + 1 - (SELECT count(*) FROM lapsed)::int, version = version + 1
        WHERE id = $2 AND status = 'OPEN' AND starts_at = $17::timestamptz AND ends_at = $18::timestamptz AND location = $20
        RETURNING *
     ), b AS (
       INSERT INTO booking (id, slot_id, citizen_id, deadline_id, jobcenter_code, akasse_id, conversation_type, format, location,
                            during, status, booked_by_role, booked_by_subject, self_booked, previous_booking_id,
                            idempotency_scope, idempotency_key, created_at, updated_at, rebooking_allowed, rebookable_until)
       SELECT $1, s.id, $3, $4, $5, $6, $7, $8, s.location, tstzrange(s.starts_at, s.ends_at, '[)'), 'BOOKED', $9, $10, $11, NULL,
              $12, $13, $15, $15, $21, $22
         FROM s
       RETURNING *
     ), a AS (
       INSERT INTO audit_log (at, actor_role, actor_subject, action, entity_type, entity_id, after, correlation_id)
       SELECT $15, $16, $10, 'booking.book', 'booking', b.id, to_jsonb(b), $14
         FROM b
     ), o AS (
       INSERT INTO outbox (event_id, event_type, topic, also_to, key, payload, headers)
       SELECT r.event_id, r.event_type, r.topic, r.also_to, r.key,
              CASE WHEN r.n = ANY($19::int[])
                   THEN jsonb_set(jsonb_set(r.payload::jsonb, '{data,remainingCapacity}', to_jsonb(s.capacity - s.seats_taken)),
                                  '{data,status}', to_jsonb((CASE WHEN s.seats_taken < s.capacity THEN 'AVAILABLE' ELSE 'FULLY_BOOKED' END)::text))::json
                   ELSE r.payload END,
              r.headers
         FROM ${outboxRowsFrom(23)} CROSS JOIN s
        WHERE EXISTS (SELECT 1 FROM b)
        ORDER BY r.n
     )
     SELECT to_jsonb(b) AS booking, s.seats_taken AS "seatsTaken" FROM b, s`,
    values: [
      ...bookingValues(draft, actorRole, principal),
      draft.idempotencyScope ?? null,
      draft.idempotencyKey ?? null,
      correlationId,
      now,
      principal.role,
      pinned.startsAt,
      pinned.endsAt,
      outbox.slotCountRows,
      pinned.location,
      draft.rebookingAllowed,
      draft.rebookableUntil,
      ...outbox.parameters,
    ],
  });
  return rows[0] ?? null;
}

/** $1–$11 of both booking statements: the new booking row's own columns and who books it. */
function bookingValues(draft: BookingDraft, actorRole: string, principal: Principal): unknown[] {
  return [
    draft.id,
    draft.slotId,
    draft.citizenId,
    draft.deadlineId,
    draft.jobcenterCode,
    draft.akasseId,
    draft.conversationType,
    draft.format,
    actorRole,
    principal.subject,
    draft.selfBooked,
  ];
}
