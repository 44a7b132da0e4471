/**
 * The slot store: slots and what they are published under (calendars, organisations with their closing
 * days and booking policies), through the caller's transaction or, for the search, the `pg` pool.
 */
import { randomUUID } from 'node:crypto';
import type { OrgKind } from '../domain/actor';
import { BookingPolicy } from '../domain/booking-policy';
import { Database, PgQueryable, Queryable, rowsFrom } from './database';
import { CalendarRow, PolicyRow, SlotRow } from './rows';

export async function findSlot(db: Database, id: string, lock = false): Promise<SlotRow | null> {
  const [row] = await rowsFrom<{ s: SlotRow }>(
    db,
    lock ? 'find-slot-locked' : 'find-slot',
    `SELECT to_jsonb(s) AS s FROM slot s WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row?.s ?? null;
}

export interface NewSlots {
  calendar: CalendarRow;
  jobcenterCode: string | null;
  akasseId: string | null;
  joint: boolean;
  conversationTypes: number[];
  formats: string[];
  capacity: number;
  location: string;
  times: { startsAt: Date; endsAt: Date }[];
  /** skip times that overlap a slot of the calendar instead of failing */
  skipOverlaps: boolean;
}

/** Inserts slots of one calendar, 500 a statement: the slots made. */
export async function insertSlots(tx: Queryable, slots: NewSlots): Promise<SlotRow[]> {
  const { calendar } = slots;
  const created: SlotRow[] = [];
  for (let i = 0; i < slots.times.length; i += 500) {
    const chunk = slots.times.slice(i, i + 500);
    const rows: { s: SlotRow }[] = await tx.query(
      `INSERT INTO slot (id, calendar_id, org_kind, org_code, jobcenter_code, akasse_id, joint, conversation_types,
           formats, starts_at, ends_at, capacity, location)
       SELECT id, $1, $2, $3, $4, $5, $6, $7::int[], $8::text[], starts_at, ends_at, $9, $10
         FROM unnest($11::uuid[], $12::timestamptz[], $13::timestamptz[]) AS t(id, starts_at, ends_at)
       ${slots.skipOverlaps ? 'ON CONFLICT DO NOTHING' : ''}
       RETURNING to_jsonb(slot) AS s`,
      [
        calendar.id,
        calendar.org_kind,
        calendar.org_code,
        slots.jobcenterCode,
        slots.akasseId,
        slots.joint,
        slots.conversationTypes,
        slots.formats,
        slots.capacity,
        slots.location,
        chunk.map(() => randomUUID()),
        chunk.map((t) => t.startsAt),
        chunk.map((t) => t.endsAt),
      ],
    );
    created.push(...rows.map((r) => r.s));
  }
  return created;
}

export async function moveSlot(tx: Queryable, id: string, startsAt: Date, endsAt: Date): Promise<SlotRow> {
  const [{ s }] = await rowsFrom<{ s: SlotRow }>(
    tx,
    'slot-move',
    `UPDATE slot SET starts_at = $2, ends_at = $3, version = version + 1 WHERE id = $1 RETURNING to_jsonb(slot) AS s`,
    [id, startsAt, endsAt],
  );
  return s;
}

/** The slot is withdrawn with every seat (its bookings and reservations are ended by the caller). */
export async function withdrawSlot(tx: Queryable, id: string): Promise<SlotRow> {
  const [{ s }] = await rowsFrom<{ s: SlotRow }>(
    tx,
    'slot-withdraw',
    `UPDATE slot SET status = 'WITHDRAWN', seats_taken = 0, version = version + 1 WHERE id = $1
         RETURNING to_jsonb(slot) AS s`,
    [id],
  );
  return s;
}

export interface OpenSlotSearch {
  /** whose slots: a joint meeting's jobcenter and a-kasse, or one organisation's */
  owner:
    | { joint: true; jobcenterCode: string; akasseId: string }
    | { joint: false; orgKind: string; orgCode: string | null };
  from: Date;
  to: Date;
  conversationType: number | null;
  /** slots offering any of these */
  formats: string[] | null;
  /** substring of the location, matched case-insensitively */
  location: string | null;
  after: { at: string; id: string } | null;
  limit: number;
}

/** Open slots with a free seat, in time order, after a keyset cursor; on the pool, prepared per shape. */
export async function searchOpenSlots(pool: PgQueryable, search: OpenSlotSearch): Promise<SlotRow[]> {
  const { owner, after } = search;
  const params: unknown[] = owner.joint ? [owner.jobcenterCode, owner.akasseId] : [owner.orgKind, owner.orgCode];
  const where = owner.joint
    ? `s.joint AND s.jobcenter_code = $1 AND s.akasse_id = $2`
    : `s.org_kind = $1 AND s.org_code = $2`;
  params.push(
    search.from,
    search.to,
    search.conversationType,
    search.formats,
    search.location ? `%${search.location.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
  );
  if (after) params.push(after.at, after.id);
  params.push(search.limit);
  const { rows } = await pool.query<{ s: SlotRow }>({
    name: `search-slots-${owner.joint ? 'joint' : 'org'}${after ? '-after' : ''}`,
    text: `SELECT to_jsonb(s) AS s FROM slot s
      WHERE ${where} AND s.status = 'OPEN' AND s.seats_taken < s.capacity
        AND s.starts_at >= $3 AND s.starts_at < $4
        AND ($5::int IS NULL OR $5::int = ANY (s.conversation_types))
        AND ($6::text[] IS NULL OR s.formats && $6::text[])
        AND ($7::text IS NULL OR s.location ILIKE $7::text)
        ${after ? `AND (s.starts_at, s.id) > ($8::timestamptz, $9::uuid)` : ''}
      ORDER BY s.starts_at, s.id
      LIMIT $${params.length}`,
    values: params,
  });
  return rows.map((r) => r.s);
}

export async function insertCalendar(
  tx: Queryable,
  org: { kind: OrgKind; code: string },
  name: string,
  defaultLocation: string | null,
): Promise<CalendarRow> {
  const rows: CalendarRow[] = await tx.query(
    `INSERT INTO calendar (id, org_kind, org_code, name, default_location) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, org_kind, org_code, name, default_location`,
    [randomUUID(), org.kind, org.code, name, defaultLocation],
  );
  return rows[0];
}

export async function insertOrganisation(tx: Queryable, kind: OrgKind, code: string): Promise<void> {
  await tx.query(`INSERT INTO organisation (kind, code) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [kind, code]);
}

/** An organisation's closing days (none for one Selvbook does not know), locked with `lock`. */
export async function closingDaysOf(q: Queryable, kind: OrgKind, code: string, lock = false): Promise<string[]> {
  const [org]: { closing_days: string[] }[] = await q.query(
    `SELECT closing_days::text[] AS closing_days FROM organisation WHERE kind = $1
         AND code = $2${lock ? ' FOR UPDATE' : ''}`,
    [kind, code],
  );
  return org?.closing_days ?? [];
}

export async function setClosingDays(tx: Queryable, kind: OrgKind, code: string, days: string[]): Promise<void> {
  await tx.query(`UPDATE organisation SET closing_days = $3::date[] WHERE kind = $1 AND code = $2`, [kind, code, days]);
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

/**
 * The policy for a conversation type in an organisation: its own, else the organisation's (type 0), else `fallback`.
 */
export async function policyFor(
  q: Queryable,
  orgKind: string,
  orgCode: string,
  conversationType: number,
  fallback: BookingPolicy,
): Promise<BookingPolicy> {
  const rows: PolicyRow[] = await q.query(
    `SELECT * FROM booking_policy WHERE org_kind = $1 AND org_code = $2 AND conversation_type IN (0, $3)
         ORDER BY conversation_type DESC LIMIT 1`,
    [orgKind, orgCode, conversationType],
  );
  return policyOf(rows[0] ?? null, fallback);
}

/** Sets the policy of one conversation type (0: the organisation's default): the row before (locked) and after. */
export async function setPolicy(
  tx: Queryable,
  org: { kind: OrgKind; code: string },
  conversationType: number,
  p: BookingPolicy,
): Promise<{ before: PolicyRow | null; after: PolicyRow }> {
  const before: PolicyRow[] = await tx.query(
    `SELECT * FROM booking_policy WHERE org_kind = $1 AND org_code = $2 AND conversation_type = $3 FOR UPDATE`,
    [org.kind, org.code, conversationType],
  );
  const after: PolicyRow[] = await tx.query(
    `INSERT INTO booking_policy (org_kind, org_code, conversation_type, min_lead_minutes_book, min_lead_minutes_change,
         max_advance_days, rebooking_allowed)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (org_kind, org_code, conversation_type) DO UPDATE SET
       min_lead_minutes_book = EXCLUDED.min_lead_minutes_book,
         min_lead_minutes_change = EXCLUDED.min_lead_minutes_change,
       max_advance_days = EXCLUDED.max_advance_days, rebooking_allowed = EXCLUDED.rebooking_allowed, updated_at = now()
     RETURNING *`,
    [
      org.kind,
      org.code,
      conversationType,
      p.minLeadMinutesBook,
      p.minLeadMinutesChange,
      p.maxAdvanceDays,
      p.rebookingAllowed,
    ],
  );
  return { before: before[0] ?? null, after: after[0] };
}
