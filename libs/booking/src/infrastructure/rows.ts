import { isInstant, isUuid } from '@selvbook/contracts';
import { parseInstant } from '@selvbook/persistence';
import { DomainProblem } from '@selvbook/platform';

export { parseInstant };

/** Rows as PostgreSQL returns them through row_to_json / to_jsonb (snake_case, instants as strings). */
export interface SlotRow {
  id: string;
  calendar_id: string;
  org_kind: 'JOBCENTER' | 'AKASSE';
  org_code: string;
  jobcenter_code: string | null;
  akasse_id: string | null;
  joint: boolean;
  conversation_types: number[];
  formats: string[];
  starts_at: string;
  ends_at: string;
  capacity: number;
  seats_taken: number;
  location: string;
  status: 'OPEN' | 'WITHDRAWN';
  version: number;
}

export interface BookingRow {
  id: string;
  slot_id: string;
  citizen_id: string;
  deadline_id: string | null;
  jobcenter_code: string;
  akasse_id: string | null;
  conversation_type: number;
  format: string;
  location: string;
  during: string;
  status: 'BOOKED' | 'CANCELLED' | 'HELD' | 'NO_SHOW';
  booked_by_role: string;
  booked_by_subject: string;
  self_booked: boolean;
  previous_booking_id: string | null;
  replaced_by_booking_id: string | null;
  cancel_reason: string | null;
  legitimate_reason: string | null;
  /** [F:S21 §20 nr. 11–12]; null for meetings booked before rights were recorded */
  rebooking_allowed?: boolean | null;
  rebookable_until?: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DeadlineRow {
  deadline_id: string;
  citizen_id: string;
  jobcenter_code: string;
  akasse_id: string | null;
  conversation_type: number;
  conversation_number: number;
  deadline_date: string;
  latest_meeting_date: string;
  contact_group: string;
  can_self_book: boolean;
  status: 'OPEN' | 'FULFILLED' | 'CLOSED' | 'EXPIRED';
  /** the formats the meeting may take; null = any [F:S16, S20] */
  meeting_formats?: string[] | null;
}

export interface CitizenRow {
  citizen_id: string;
  jobcenter_code: string;
  akasse_id: string | null;
  contact_group: string | null;
}

export interface CalendarRow {
  id: string;
  org_kind: 'JOBCENTER' | 'AKASSE';
  org_code: string;
  name: string;
  default_location: string | null;
}

export interface PolicyRow {
  org_kind: string;
  org_code: string;
  conversation_type: number;
  min_lead_minutes_book: number;
  min_lead_minutes_change: number;
  max_advance_days: number;
  rebooking_allowed: boolean;
}

export interface ReservationRow {
  id: string;
  slot_id: string;
  citizen_id: string;
  deadline_id: string | null;
  conversation_type: number;
  format: string;
  status: 'HELD' | 'CONFIRMED' | 'EXPIRED' | 'RELEASED';
  expires_at: string;
  booking_id: string | null;
  created_by_role: string;
  created_by_subject: string;
  /** `actorKey` of who reserved (null on rows from before it was kept) */
  created_by_actor: string | null;
}

/** `["2026-03-30 07:00:00+00","2026-03-30 07:45:00+00")` → instants. */
export function rangeBounds(range: string): { startsAt: Date; endsAt: Date } {
  const match = /^[[(]"?([^",]+)"?,"?([^",)\]]+)"?[)\]]$/.exec(range);
  if (!match) throw new Error(`unexpected range ${range}`);
  return { startsAt: parseInstant(match[1]), endsAt: parseInstant(match[2]) };
}

/** An instant as the API writes it (`2026-03-30T07:00:00.000Z`); one already in that form is returned as is. */
export function iso(value: string | Date): string {
  if (typeof value === 'string' && isIsoInstant(value)) return value;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

const isIsoInstant = (text: string) => text.length === 24 && text[10] === 'T' && text[23] === 'Z';

/** What the API returns for a booking. */
export interface BookingView {
  id: string;
  slotId: string;
  citizenId: string;
  deadlineId?: string;
  jobcenterCode: string;
  akasseId?: string;
  conversationType: number;
  format: string;
  location: string;
  startsAt: string;
  endsAt: string;
  status: BookingRow['status'];
  bookedBy: string;
  selfBooked: boolean;
  previousBookingId?: string;
  replacedByBookingId?: string;
  cancelReason?: string;
  legitimateReason?: string;
  /** whether the citizen may rebook this meeting, and until when [F:S21 §20 nr. 11–12] */
  rebookingAllowed?: boolean;
  rebookableUntil?: string;
  version: number;
  createdAt: string;
}

export function bookingView(row: BookingRow): BookingView {
  const { startsAt, endsAt } = rangeBounds(row.during);
  const view: BookingView = {
    id: row.id,
    slotId: row.slot_id,
    citizenId: row.citizen_id,
    jobcenterCode: row.jobcenter_code,
    conversationType: row.conversation_type,
    format: row.format,
    location: row.location,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    status: row.status,
    bookedBy: row.booked_by_role,
    selfBooked: row.self_booked,
    version: row.version,
    createdAt: iso(row.created_at),
  };
  if (row.deadline_id) view.deadlineId = row.deadline_id;
  if (row.akasse_id) view.akasseId = row.akasse_id;
  if (row.previous_booking_id) view.previousBookingId = row.previous_booking_id;
  if (row.replaced_by_booking_id) view.replacedByBookingId = row.replaced_by_booking_id;
  if (row.cancel_reason) view.cancelReason = row.cancel_reason;
  if (row.legitimate_reason) view.legitimateReason = row.legitimate_reason;
  if (row.rebooking_allowed != null) view.rebookingAllowed = row.rebooking_allowed;
  if (row.rebookable_until) view.rebookableUntil = iso(row.rebookable_until);
  return view;
}

export interface SlotView {
  id: string;
  calendarId: string;
  organisation: { kind: string; code: string };
  jobcenterCode?: string;
  akasseId?: string;
  joint: boolean;
  conversationTypes: number[];
  formats: string[];
  startsAt: string;
  endsAt: string;
  capacity: number;
  remainingCapacity: number;
  location: string;
  status: string;
}

export function slotView(row: SlotRow): SlotView {
  const view: SlotView = {
    id: row.id,
    calendarId: row.calendar_id,
    organisation: { kind: row.org_kind, code: row.org_code },
    joint: row.joint,
    conversationTypes: row.conversation_types,
    formats: row.formats,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    capacity: row.capacity,
    remainingCapacity: row.status === 'OPEN' ? row.capacity - row.seats_taken : 0,
    location: row.location,
    status: row.status,
  };
  if (row.jobcenter_code) view.jobcenterCode = row.jobcenter_code;
  if (row.akasse_id) view.akasseId = row.akasse_id;
  return view;
}

/** ETag of a booking version (strong: the version changes with every change). */
export function bookingEtag(row: { id: string; version: number }): string {
  return `"${row.id}.${row.version}"`;
}

/**
 * Keyset cursor, opaque to clients: the (instant, id) of the last row of a page, for every list ordered by
 * an instant and an id (slots by start, bookings by creation). One codec, so a cursor is checked the same way
 * on every endpoint: what is not an instant and a uuid is a 400, never a value handed to the database.
 */
export interface KeysetCursor {
  at: string;
  id: string;
}

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** The cursor a client sent back; undefined without one; 400 `invalid-cursor` for anything that is not one of ours. */
export function decodeCursor(cursor: string | undefined): KeysetCursor | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  if (Array.isArray(parts) && parts.length === 2 && isInstant(parts[0]) && isUuid(parts[1]))
    return { at: parts[0], id: parts[1] };
  throw new DomainProblem(400, 'invalid cursor: pass back the nextCursor of the previous page', 'invalid-cursor');
}
