import { ISO_INSTANT_TYPES } from '@selvbook/persistence';
import type { OrgKind } from '../domain/actor';
import { Database, PgQueryable, rowsFrom } from './database';
import { BookingRow, CalendarRow, SlotRow } from './rows';

/**
 * The staff read models' SQL: a calendar list, a calendar's slots with their bookings, a calendar's bookings.
 * A participant (the other side of a joint meeting) sees only the joint slots it takes part in: `JointOf`.
 */
export interface JointOf {
  /** the participant's side of slot.jobcenter_code / slot.akasse_id */
  column: 'jobcenter_code' | 'akasse_id';
  code: string;
}

/** Owner filter for the calendar list: an organisation, or (system without one) every calendar. */
export async function listCalendars(
  q: PgQueryable,
  org: { kind: OrgKind; code: string } | null,
  joint: JointOf | null,
): Promise<CalendarRow[]> {
  if (!org) {
    return resultRows(
      q.query<CalendarRow>(
        `SELECT id, org_kind, org_code, name, default_location FROM calendar ORDER BY org_kind, org_code, name, id`,
      ),
    );
  }
  // a participant's joint slots name it in slot.<column>; only those calendars owned by someone else are added
  return resultRows(
    q.query<CalendarRow>(
      `SELECT c.id, c.org_kind, c.org_code, c.name, c.default_location FROM calendar c
      WHERE (c.org_kind = $1 AND c.org_code = $2)
         OR ($3::text IS NOT NULL AND EXISTS (
              SELECT 1 FROM slot s WHERE s.calendar_id = c.id AND s.joint
                 AND CASE WHEN $3 = 'akasse_id' THEN s.akasse_id ELSE s.jobcenter_code END = $4))
      ORDER BY (c.org_kind = $1 AND c.org_code = $2) DESC, c.name, c.id`,
      [org.kind, org.code, joint?.column ?? null, joint?.code ?? null],
    ),
  );
}

/** The caller's transaction (a use case checking whose calendar it changes) or the ReadPool (a view). */
export async function findCalendar(db: Database, id: string): Promise<CalendarRow | null> {
  const [calendar] = await rowsFrom<CalendarRow>(
    db,
    'find-calendar',
    `SELECT id, org_kind, org_code, name, default_location FROM calendar WHERE id = $1`,
    [id],
  );
  return calendar ?? null;
}

/** Does the calendar hold a joint slot this participant takes part in? */
export async function takesPartIn(q: PgQueryable, calendarId: string, joint: JointOf): Promise<boolean> {
  const { rows } = await q.query(
    `SELECT 1 FROM slot s WHERE s.calendar_id = $1 AND s.joint
         AND ${joint.column === 'akasse_id' ? 's.akasse_id' : 's.jobcenter_code'} = $2 LIMIT 1`,
    [calendarId, joint.code],
  );
  return rows.length > 0;
}

export interface CalendarSlotRow {
  s: SlotRow;
  /** active (not cancelled) bookings, oldest first */
  bookings: {
    id: string;
    citizen_id: string;
    conversation_type: number;
    format: string;
    status: BookingRow['status'];
    booked_by_role: string;
    self_booked: boolean;
  }[];
  /** seats held by reservations not lapsed yet */
  held: number;
}

export interface SlotFilter {
  from: Date;
  to: Date;
  conversationType: number | null;
  format: string | null;
  /** substring of the location, matched case-insensitively */
  location: string | null;
}

const likeOf = (text: string | null) => (text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null);

/** One row per slot and active booking (a slot without one: a row with null booking columns). */
interface SlotBookingRow extends SlotRow {
  held: number;
  b_id: string | null;
  b_citizen_id: string;
  b_conversation_type: number;
  b_format: string;
  b_status: BookingRow['status'];
  b_booked_by_role: string;
  b_self_booked: boolean;
}

/** The slots of a view: calendar $1, starting in [$2, $3), and the filters $5–$9. */
const SLOTS_IN_VIEW = `s.calendar_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
              AND ($5::int IS NULL OR $5::int = ANY (s.conversation_types))
              AND ($6::text IS NULL OR $6::text = ANY (s.formats))
              AND ($7::text IS NULL OR s.location ILIKE $7::text)
              AND ($8::text IS NULL OR (s.joint AND CASE WHEN $8 = 'akasse_id' THEN s.akasse_id
                ELSE s.jobcenter_code END = $9))`;

/** A calendar's slots in a window with their bookings and live reservations ($4: now), in start order. */
const CALENDAR_SLOTS = `SELECT s.id, s.calendar_id, s.org_kind, s.org_code, s.jobcenter_code, s.akasse_id, s.joint,
               s.conversation_types, s.formats,
                  s.starts_at, s.ends_at, s.capacity, s.seats_taken, s.location, s.status, s.version,
                  (SELECT count(*) FROM reservation r WHERE r.slot_id = s.id AND r.status = 'HELD'
                    AND r.expires_at > $4)::int AS held,
                  b.id AS b_id, b.citizen_id AS b_citizen_id, b.conversation_type AS b_conversation_type,
                    b.format AS b_format,
                  b.status AS b_status, b.booked_by_role AS b_booked_by_role, b.self_booked AS b_self_booked
             FROM slot s LEFT JOIN booking b ON b.slot_id = s.id AND b.status <> 'CANCELLED'
            WHERE ${SLOTS_IN_VIEW}
            ORDER BY s.starts_at, s.id, b.created_at, b.id`;

const calendarSlotsValues = (calendarId: string, filter: SlotFilter, joint: JointOf | null, now: Date) => [
  calendarId,
  filter.from,
  filter.to,
  now,
  filter.conversationType,
  filter.format,
  likeOf(filter.location),
  joint?.column ?? null,
  joint?.code ?? null,
];

/**
 * A calendar's slots in a window with their bookings and live reservations, in start order: one query of
 * plain columns (a week of 500 slots is read while bookings are being made: no JSON built in the database,
 * none parsed here; its instants read as ISO text, no Dates made), on the pool directly, prepared once per
 * connection.
 */
export async function calendarSlots(
  pool: PgQueryable,
  calendarId: string,
  filter: SlotFilter,
  joint: JointOf | null,
  now: Date,
): Promise<CalendarSlotRow[]> {
  const { rows } = await pool.query<SlotBookingRow>({
    name: 'calendar-slots',
    types: ISO_INSTANT_TYPES,
    text: CALENDAR_SLOTS,
    values: calendarSlotsValues(calendarId, filter, joint, now),
  });
  const slots: CalendarSlotRow[] = [];
  for (const row of rows) {
    let last = slots[slots.length - 1];
    if (!last || last.s.id !== row.id) {
      const slot: SlotRow = {
        id: row.id,
        calendar_id: row.calendar_id,
        org_kind: row.org_kind,
        org_code: row.org_code,
        jobcenter_code: row.jobcenter_code,
        akasse_id: row.akasse_id,
        joint: row.joint,
        conversation_types: row.conversation_types,
        formats: row.formats,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        capacity: row.capacity,
        seats_taken: row.seats_taken,
        location: row.location,
        status: row.status,
        version: row.version,
      };
      last = { s: slot, bookings: [], held: row.held };
      slots.push(last);
    }
    if (row.b_id) {
      last.bookings.push({
        id: row.b_id,
        citizen_id: row.b_citizen_id,
        conversation_type: row.b_conversation_type,
        format: row.b_format,
        status: row.b_status,
        booked_by_role: row.b_booked_by_role,
        self_booked: row.b_self_booked,
      });
    }
  }
  return slots;
}

/**
 * A digest of what `calendarSlots` returns for the same arguments, without reading it: the row versions (`xmin`,
 * the transaction that wrote each row as it now is) of the view's slots and their bookings, and the ids of the
 * reservations live at $4. Any write to a row in the view gives it a new version, and a state never comes back,
 * so equal digests mean equal answers; hashing versions instead of the rows' text costs the database a third.
 */
export async function calendarSlotsDigest(
  pool: PgQueryable,
  calendarId: string,
  filter: SlotFilter,
  joint: JointOf | null,
  now: Date,
): Promise<string> {
  const { rows } = await pool.query<{ digest: string }>({
    name: 'calendar-slots-digest',
    text: `WITH s AS (SELECT s.id, s.starts_at, s.xmin::text AS version FROM slot s WHERE ${SLOTS_IN_VIEW})
           SELECT md5(coalesce((SELECT string_agg(s.version || ',' || coalesce(b.xmin::text, ''), ';'
                                  ORDER BY s.starts_at, s.id, b.created_at, b.id)
                                  FROM s LEFT JOIN booking b ON b.slot_id = s.id AND b.status <> 'CANCELLED'), '')
                  || ':' || coalesce((SELECT string_agg(r.id::text, ',' ORDER BY r.id)
                                  FROM s JOIN reservation r ON r.slot_id = s.id
                                 WHERE r.status = 'HELD' AND r.expires_at > $4), '')) AS digest`,
    values: calendarSlotsValues(calendarId, filter, joint, now),
  });
  return rows[0].digest;
}

/** A calendar's bookings (every status) whose meeting starts in a window, by start then id, after a keyset cursor. */
export async function calendarBookings(
  q: PgQueryable,
  calendarId: string,
  window: { from: Date; to: Date },
  joint: JointOf | null,
  after: { at: string; id: string } | undefined,
  limit: number,
): Promise<{ b: BookingRow; at: string }[]> {
  return resultRows(
    q.query<{ b: BookingRow; at: string }>(
      `SELECT to_jsonb(b) AS b, lower(b.during) AS at
       FROM slot s JOIN booking b ON b.slot_id = s.id
      WHERE s.calendar_id = $1 AND lower(b.during) >= $2 AND lower(b.during) < $3
        AND ($4::text IS NULL OR (s.joint AND CASE WHEN $4 = 'akasse_id' THEN s.akasse_id
          ELSE s.jobcenter_code END = $5))
        AND ($6::timestamptz IS NULL OR (lower(b.during), b.id) > ($6::timestamptz, $7::uuid))
      ORDER BY lower(b.during), b.id
      LIMIT $8`,
      [
        calendarId,
        window.from,
        window.to,
        joint?.column ?? null,
        joint?.code ?? null,
        after?.at ?? null,
        after?.id ?? null,
        limit,
      ],
    ),
  );
}

const resultRows = <R>(result: Promise<{ rows: R[] }>): Promise<R[]> => result.then(({ rows }) => rows);
