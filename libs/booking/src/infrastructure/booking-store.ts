/**
 * The booking store: every statement on bookings (and the audit rows they write with them), each through
 * the caller's transaction or, on the direct booking path, the DataSource's own `pg` pool.
 */
import { outboxRowParameters, outboxRowsFrom } from '@selvbook/messaging';
import { Principal } from '@selvbook/platform';
import { Database, PgQueryable, Queryable, rowsFrom } from './database';
import type { DirectOutbox } from './direct-outbox';
import { BookingRow, CitizenRow, DeadlineRow, PolicyRow, SlotRow } from './rows';

export interface BookingContext {
  slot: SlotRow | null;
  deadline: DeadlineRow | null;
  citizen: CitizenRow | null;
  policy: PolicyRow | null;
}

/**
 * A booking's context, $1 slot, $2 deadline, $3 citizen (else the deadline's), $4 conversation type (else the
 * deadline's or the slot's first): both context reads share it. A request that names no deadline gets the one the
 * booking fulfils, by the deadline-service's rule (RULES §5 invariant [F:S22, F:S23]): the citizen's open deadline of
 * that conversation type not booked yet, the earliest whose latest meeting date admits the slot's day, else the
 * earliest — whose window then refuses the booking exactly as if it had been named. With every such deadline booked,
 * nothing is resolved: staff may book a further meeting; a citizen is refused (no open deadline: they rebook instead).
 */
const CONTEXT_COLUMNS =
  'row_to_json(s) AS slot, row_to_json(d) AS deadline, row_to_json(c) AS citizen, row_to_json(p) AS policy';
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
  const rows: {
    slot: SlotRow | null;
    deadline: DeadlineRow | null;
    citizen: CitizenRow | null;
    policy: PolicyRow | null;
  }[] = await q.query(`SELECT ${CONTEXT_COLUMNS} ${CONTEXT_FROM}`, [slotId, deadlineId, citizenId, conversationType]);
  return rows[0];
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
       INSERT INTO audit_log (at, actor_role, actor_subject, action, entity_type, entity_id, before, after,
         correlation_id)
       SELECT $5, $6, $7, 'booking.cancel', 'booking', b.id, $8::jsonb, to_jsonb(b), $9 FROM b
     )
     SELECT to_jsonb(b) AS booking, (SELECT to_jsonb(s) FROM s) AS slot FROM b`,
    [
      before.id,
      change.reason,
      change.legitimateReason,
      change.replacedBy,
      now,
      principal.role,
      principal.subject,
      JSON.stringify(before),
      correlationId,
    ],
  );
  return rows[0];
}

export async function lockBooking(tx: Queryable, id: string): Promise<BookingRow | null> {
  const rows: { b: BookingRow }[] = await tx.query(`SELECT to_jsonb(b) AS b FROM booking b WHERE id = $1 FOR UPDATE`, [
    id,
  ]);
  return rows[0]?.b ?? null;
}

export async function findBooking(db: Database, id: string): Promise<BookingRow | null> {
  const [row] = await rowsFrom<{ b: BookingRow }>(
    db,
    'find-booking',
    `SELECT to_jsonb(b) AS b FROM booking b WHERE id = $1`,
    [id],
  );
  return row?.b ?? null;
}

/** A booking as its booking statement wrote it (the audit row's `after`), whatever happened to it since. */
export async function bookingAsMade(pool: PgQueryable, id: string): Promise<BookingRow | null> {
  const { rows } = await pool.query<{ after: BookingRow }>(
    `SELECT after FROM audit_log WHERE entity_type = 'booking' AND entity_id = $1
         AND action IN ('booking.book', 'booking.rebook') ORDER BY at, id LIMIT 1`,
    [id],
  );
  return rows[0]?.after ?? null;
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

/** A new booking as the booking statement writes it. */
export interface SeatBooking {
  draft: BookingDraft;
  /**
   * The slot's start, end and location as read (the events and the policy checks were built from them):
   * a slot moved since books nothing, as a withdrawn one, and the caller reads it again.
   */
  pinned: { startsAt: string; endsAt: string; location: string };
  principal: Principal;
  actorRole: string;
  now: Date;
  correlationId: string | null;
  /** false for a confirmed reservation: it already holds its seat */
  takeSeat: boolean;
  /** the events, written by the same statement (the direct booking path); without: the caller appends its own */
  outbox?: DirectOutbox;
}

const NO_EVENTS: DirectOutbox = { rows: [], parameters: outboxRowParameters([]), slotCountRows: [] };

/**
 * Books a seat, with everything it writes, in one statement: frees seats of lapsed reservations on the
 * slot, takes a seat (unless a reservation holds it), inserts the booking, its audit row and its outbox
 * rows. On the `pg` pool it is autocommitted, so a direct booking is one round trip and one transaction.
 * The constraints decide every race: slot_capacity (CHECK on the counter, row-locked by this UPDATE),
 * booking_citizen_no_overlap (exclusion), booking_one_active_per_deadline (partial unique index),
 * booking_idempotency. The outbox's slot-count rows get the seat count the UPDATE left.
 * Returns the booking and that seat count, or null when the slot is not open (or moved) any more.
 */
export async function bookSeat(
  db: Database,
  seat: SeatBooking,
): Promise<{ booking: BookingRow; seatsTaken: number } | null> {
  const { draft, pinned, principal, now } = seat;
  const outbox = seat.outbox ?? NO_EVENTS;
  const rows = await rowsFrom<{ booking: BookingRow; seatsTaken: number }>(
    db,
    'booking-book',
    `WITH lapsed AS (
       UPDATE reservation SET status = 'EXPIRED'
        WHERE slot_id = $2 AND status = 'HELD' AND expires_at <= $16 AND $18::boolean
          AND EXISTS (SELECT 1 FROM slot WHERE id = $2 AND starts_at = $19::timestamptz AND ends_at = $20::timestamptz
            AND location = $21)
        RETURNING id
     ), s AS (
       UPDATE slot SET seats_taken = seats_taken + (CASE WHEN $18::boolean THEN 1 ELSE 0 END) - (SELECT count(*)
         FROM lapsed)::int,
                       version = version + 1
        WHERE id = $2 AND status = 'OPEN' AND starts_at = $19::timestamptz AND ends_at = $20::timestamptz
          AND location = $21
        RETURNING *
     ), b AS (
       INSERT INTO booking (id, slot_id, citizen_id, deadline_id, jobcenter_code, akasse_id, conversation_type, format,
         location,
                            during, status, booked_by_role, booked_by_subject, self_booked, previous_booking_id,
                            idempotency_scope, idempotency_key, created_at, updated_at, rebooking_allowed,
                              rebookable_until)
       SELECT $1, s.id, $3, $4, $5, $6, $7, $8, s.location, tstzrange(s.starts_at, s.ends_at, '[)'), 'BOOKED', $9, $10,
         $11, $12,
              $13, $14, $16, $16, $22, $23
         FROM s
       RETURNING *
     ), a AS (
       INSERT INTO audit_log (at, actor_role, actor_subject, action, entity_type, entity_id, after, correlation_id)
       SELECT $16, $17, $10, CASE WHEN b.previous_booking_id IS NULL THEN 'booking.book'
         ELSE 'booking.rebook' END, 'booking', b.id,
              to_jsonb(b), $15
         FROM b
     ), o AS (
       INSERT INTO outbox (event_id, event_type, topic, also_to, key, payload, headers)
       SELECT r.event_id, r.event_type, r.topic, r.also_to, r.key,
              CASE WHEN r.n = ANY($24::int[])
                   THEN jsonb_set(jsonb_set(r.payload::jsonb, '{data,remainingCapacity}',
                     to_jsonb(s.capacity - s.seats_taken)),
                                  '{data,status}', to_jsonb((CASE WHEN s.seats_taken < s.capacity THEN 'AVAILABLE'
                                    ELSE 'FULLY_BOOKED' END)::text))::json
                   ELSE r.payload END,
              r.headers
         FROM ${outboxRowsFrom(25)} CROSS JOIN s
        WHERE EXISTS (SELECT 1 FROM b)
        ORDER BY r.n
     )
     SELECT to_jsonb(b) AS booking, s.seats_taken AS "seatsTaken" FROM b, s`,
    [
      draft.id,
      draft.slotId,
      draft.citizenId,
      draft.deadlineId,
      draft.jobcenterCode,
      draft.akasseId,
      draft.conversationType,
      draft.format,
      seat.actorRole,
      principal.subject,
      draft.selfBooked,
      draft.previousBookingId ?? null,
      draft.idempotencyScope ?? null,
      draft.idempotencyKey ?? null,
      seat.correlationId,
      now,
      principal.role,
      seat.takeSeat,
      pinned.startsAt,
      pinned.endsAt,
      pinned.location,
      draft.rebookingAllowed,
      draft.rebookableUntil,
      outbox.slotCountRows,
      ...outbox.parameters,
    ],
  );
  return rows[0] ?? null;
}

/** Registers a started meeting held, or a no-show. */
export async function setAttendance(tx: Queryable, id: string, outcome: string, now: Date): Promise<BookingRow> {
  const rows = await rowsFrom<{ b: BookingRow }>(
    tx,
    'booking-attendance',
    `UPDATE booking SET status = $2, version = version + 1, updated_at = $3 WHERE id = $1
         RETURNING to_jsonb(booking) AS b`,
    [id, outcome, now],
  );
  return rows[0].b;
}

/** Cancels the active bookings of a slot being withdrawn (their seats go with the slot). */
export async function cancelBookingsOfSlot(
  tx: Queryable,
  slotId: string,
  reason: string,
  now: Date,
): Promise<BookingRow[]> {
  const rows = await rowsFrom<{ b: BookingRow }>(
    tx,
    'booking-cancel-of-slot',
    `UPDATE booking SET status = 'CANCELLED', cancel_reason = $2, version = version + 1, updated_at = $3
      WHERE slot_id = $1 AND status = 'BOOKED' RETURNING to_jsonb(booking) AS b`,
    [slotId, reason, now],
  );
  return rows.map((r) => r.b);
}

export interface CitizenBookingsQuery {
  citizenId: string;
  status: string | null;
  /** staff see only their organisation's */
  organisation: { kind: 'JOBCENTER' | 'AKASSE'; code: string } | null;
  after: { at: string; id: string } | null;
  limit: number;
}

/** A citizen's bookings, newest first, after a keyset cursor. */
export async function citizenBookings(db: Database, query: CitizenBookingsQuery): Promise<BookingRow[]> {
  const params: unknown[] = [query.citizenId, query.status];
  let scope = '';
  if (query.organisation?.kind === 'JOBCENTER') {
    params.push(query.organisation.code);
    scope = `AND b.jobcenter_code = $${params.length}`;
  } else if (query.organisation?.kind === 'AKASSE') {
    params.push(query.organisation.code);
    scope = `AND (b.akasse_id = $${params.length} OR EXISTS (SELECT 1 FROM slot s WHERE s.id = b.slot_id
                 AND s.org_kind = 'AKASSE' AND s.org_code = $${params.length}))`;
  }
  let keyset = '';
  if (query.after) {
    params.push(query.after.at, query.after.id);
    keyset = `AND (b.created_at, b.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
  }
  params.push(query.limit);
  // one prepared statement per shape of the query
  const rows = await rowsFrom<{ b: BookingRow }>(
    db,
    `citizen-bookings-${query.organisation?.kind ?? 'any'}${query.after ? '-after' : ''}`,
    `SELECT to_jsonb(b) AS b FROM booking b
      WHERE b.citizen_id = $1 AND ($2::text IS NULL OR b.status = $2::text) ${scope} ${keyset}
      ORDER BY b.created_at DESC, b.id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => r.b);
}
