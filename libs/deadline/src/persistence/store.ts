/**
 * The deadline store: deadlines, the summonses asked for instead, and the slots the expiry judges them by, through
 * the caller's transaction (so consumers write inside the inbox transaction). The citizen's read model is in
 * citizen-store, outages in outage-store. Dates are read as
 * text (`::text`): a local date never passes through a JS Date.
 */
import {
  AbsenceCode,
  ContactGroup,
  ConversationType,
  DeadlineClosedReason,
  MissedDeadlineConsequence,
  SummonsReason,
} from '@selvbook/contracts';
import { rowsOf } from '@selvbook/persistence';
import type { ActiveDeadline, DeadlineStatus } from '../domain/lifecycle';
import { columnsOf, type Queryable } from './queryable';

export interface DeadlineRow {
  id: string;
  citizenId: string;
  conversationNumber: number;
  conversationType: ConversationType;
  guidingDate: string;
  windowFrom: string;
  windowTo: string;
  deadlineDate: string;
  latestMeetingDate: string;
  expiresAt: Date;
  status: DeadlineStatus;
  fulfillingBookingId: string | null;
  meetingDate: string | null;
  jobcenterCode: string;
  akasseId: string | null;
  contactGroup: ContactGroup;
  extendedByOutage: boolean;
  closedReason: DeadlineClosedReason | null;
  consequence: MissedDeadlineConsequence | null;
  settledAt: Date | null;
  /** when it was given (service clock); null for deadlines given before slot tracking */
  openedAt: Date | null;
}

export const DEADLINE_COLUMNS = `
  id, citizen_id AS "citizenId", conversation_number AS "conversationNumber", conversation_type AS "conversationType",
  guiding_date::text AS "guidingDate", window_from::text AS "windowFrom", window_to::text AS "windowTo",
  deadline_date::text AS "deadlineDate", latest_meeting_date::text AS "latestMeetingDate", expires_at AS "expiresAt",
  status, fulfilling_booking_id AS "fulfillingBookingId", meeting_date::text AS "meetingDate",
  jobcenter_code AS "jobcenterCode", akasse_id AS "akasseId", contact_group AS "contactGroup",
  extended_by_outage AS "extendedByOutage", closed_reason AS "closedReason", consequence, settled_at AS "settledAt",
  opened_at AS "openedAt"`;

export async function activeDeadlines(tx: Queryable, citizenId: string): Promise<DeadlineRow[]> {
  return tx.query(
    `SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE citizen_id = $1 AND status IN ('open', 'fulfilled')
         ORDER BY deadline_date, conversation_number FOR UPDATE`,
    [citizenId],
  );
}

export function toActive(d: DeadlineRow): ActiveDeadline {
  return {
    id: d.id,
    conversationNumber: d.conversationNumber,
    conversationType: d.conversationType,
    guidingDate: d.guidingDate,
    windowFrom: d.windowFrom,
    windowTo: d.windowTo,
    status: d.status as ActiveDeadline['status'],
    deadlineDate: d.deadlineDate,
    latestMeetingDate: d.latestMeetingDate,
  };
}

/** A deadline as it is given (status open): a row without what its life adds later, with its original date. */
export interface NewDeadline extends Omit<
  DeadlineRow,
  'status' | 'fulfillingBookingId' | 'meetingDate' | 'closedReason' | 'consequence' | 'settledAt'
> {
  originalDeadlineDate: string;
  openedAt: Date;
}

export async function insertDeadline(tx: Queryable, d: NewDeadline): Promise<void> {
  await tx.query(
    `INSERT INTO deadline (id, citizen_id, conversation_number, conversation_type, guiding_date, window_from, window_to,
       deadline_date, original_deadline_date, latest_meeting_date, expires_at, status, due_at, jobcenter_code,
         akasse_id,
       contact_group, extended_by_outage, opened_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $11, $12, $13, $14, $15, $16)`,
    [
      d.id,
      d.citizenId,
      d.conversationNumber,
      d.conversationType,
      d.guidingDate,
      d.windowFrom,
      d.windowTo,
      d.deadlineDate,
      d.originalDeadlineDate,
      d.latestMeetingDate,
      d.expiresAt,
      d.jobcenterCode,
      d.akasseId,
      d.contactGroup,
      d.extendedByOutage,
      d.openedAt,
    ],
  );
}

export async function closeDeadline(
  tx: Queryable,
  id: string,
  reason: DeadlineClosedReason,
  absenceCode: AbsenceCode | undefined,
  now: Date,
): Promise<void> {
  await tx.query(
    `UPDATE deadline SET status = 'closed', due_at = NULL, fulfilling_booking_id = NULL, closed_reason = $2,
         absence_code = $3,
       settled_at = $4, updated_at = now() WHERE id = $1`,
    [id, reason, absenceCode ?? null, now],
  );
}

export async function fulfilDeadline(
  tx: Queryable,
  id: string,
  bookingId: string,
  meetingDate: string,
  closeAt: Date,
): Promise<void> {
  await tx.query(
    `UPDATE deadline SET status = 'fulfilled', fulfilling_booking_id = $2, meeting_date = $3, due_at = $4,
         updated_at = now() WHERE id = $1`,
    [id, bookingId, meetingDate, closeAt],
  );
}

export async function reopenDeadline(
  tx: Queryable,
  id: string,
  deadlineDate: string,
  latestMeetingDate: string,
  expiresAt: Date,
): Promise<void> {
  await tx.query(
    `UPDATE deadline SET status = 'open', fulfilling_booking_id = NULL, meeting_date = NULL, deadline_date = $2,
       latest_meeting_date = $3, expires_at = $4, due_at = $4, updated_at = now() WHERE id = $1`,
    [id, deadlineDate, latestMeetingDate, expiresAt],
  );
}

export async function deadlineFulfilledBy(tx: Queryable, bookingId: string): Promise<DeadlineRow | undefined> {
  const rows: DeadlineRow[] = await tx.query(
    `SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE fulfilling_booking_id = $1 AND status = 'fulfilled' FOR UPDATE`,
    [bookingId],
  );
  return rows[0];
}

/** booking.booked naming its deadline: that deadline, if it is the citizen's and still open, locked. */
export async function lockOpenDeadline(
  tx: Queryable,
  deadlineId: string,
  citizenId: string,
): Promise<DeadlineRow | undefined> {
  const rows: DeadlineRow[] = await tx.query(
    `SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE id = $1 AND citizen_id = $2 AND status = 'open' FOR UPDATE`,
    [deadlineId, citizenId],
  );
  return rows[0];
}

/**
 * The citizen's first open deadline of the conversation type whose window admits a meeting on `meetingDate`, locked.
 */
export async function lockOpenDeadlineAdmitting(
  tx: Queryable,
  citizenId: string,
  conversationType: ConversationType,
  meetingDate: string,
): Promise<DeadlineRow | undefined> {
  const rows: DeadlineRow[] = await tx.query(
    `SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE citizen_id = $1 AND status = 'open' AND conversation_type = $2
         AND latest_meeting_date >= $3
      ORDER BY deadline_date, conversation_number LIMIT 1 FOR UPDATE`,
    [citizenId, conversationType, meetingDate],
  );
  return rows[0];
}

/** Open deadlines expiring from `from` to `to` (of one jobcenter, or of all when null), locked, in id order. */
export async function lockOpenDeadlinesExpiringBetween(
  tx: Queryable,
  from: Date,
  to: Date,
  jobcenterCode: string | null,
): Promise<DeadlineRow[]> {
  return tx.query(
    `SELECT ${DEADLINE_COLUMNS} FROM deadline
      WHERE status = 'open' AND expires_at >= $1 AND expires_at <= $2 AND ($3::text IS NULL OR jobcenter_code = $3)
      ORDER BY id FOR UPDATE`,
    [from, to, jobcenterCode],
  );
}

/** New dates for an open deadline extended by an outage. */
export async function extendDeadline(
  tx: Queryable,
  id: string,
  e: { deadlineDate: string; latestMeetingDate: string; expiresAt: Date },
): Promise<void> {
  await tx.query(
    `UPDATE deadline SET deadline_date = $2, latest_meeting_date = $3, expires_at = $4, due_at = $4,
         extended_by_outage = true, updated_at = now()
      WHERE id = $1`,
    [id, e.deadlineDate, e.latestMeetingDate, e.expiresAt],
  );
}

/** The expiry's batch: deadlines due by `asOf`, oldest first, locked and skipped by any other run that has them. */
export async function claimDueDeadlines(tx: Queryable, asOf: Date, limit: number): Promise<DeadlineRow[]> {
  return tx.query(
    `SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [asOf, limit],
  );
}

/** How the expiry settled one deadline. */
export interface SettledDeadline {
  id: string;
  status: 'expired' | 'closed';
  reason: DeadlineClosedReason | null;
  absenceCode: number | null;
  consequence: MissedDeadlineConsequence | null;
}

/** Writes a batch of settled deadlines in one statement; they are due no more. */
export async function settleDeadlines(tx: Queryable, settled: SettledDeadline[], settledAt: Date): Promise<void> {
  await tx.query(
    `UPDATE deadline d SET status = s.status, due_at = NULL, fulfilling_booking_id = NULL, closed_reason = s.reason,
            absence_code = s.absence_code, consequence = s.consequence, settled_at = $6, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[]) AS s(id, status, reason, absence_code,
         consequence)
      WHERE d.id = s.id`,
    [...columnsOf(settled, 'id', 'status', 'reason', 'absenceCode', 'consequence'), settledAt],
  );
}

/** A jobcenter's deadlines that expired at the end of `date`, in the order they were settled. */
export async function expiredDeadlinesOf(db: Queryable, jobcenterCode: string, date: string): Promise<DeadlineRow[]> {
  return db.query(
    `SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE jobcenter_code = $1 AND status = 'expired' AND deadline_date = $2
         ORDER BY settled_at, id`,
    [jobcenterCode, date],
  );
}

/** A summons the jobcenter is asked for (BEK §46): the citizen cannot self-book this conversation. */
export interface NewSummons {
  citizenId: string;
  conversationNumber: number;
  conversationType: ConversationType;
  latestMeetingDate: string;
  reason: SummonsReason;
}

/**
 * Records summonses asked for, each once per conversation and latest meeting date; with `oncePerConversation`,
 * not at all for a conversation already asked for (with any dates). Returns how many were recorded.
 */
export async function recordSummonses(
  tx: Queryable,
  summonses: NewSummons[],
  oncePerConversation = false,
): Promise<number> {
  if (summonses.length === 0) return 0;
  const notAskedYet = oncePerConversation
    ? `WHERE NOT EXISTS (SELECT 1 FROM deadline_summons x WHERE x.citizen_id = s.citizen_id
           AND x.conversation_number = s.conversation_number
                           AND x.conversation_type = s.conversation_type)`
    : '';
  const inserted: unknown[] = await tx.query(
    `INSERT INTO deadline_summons (citizen_id, conversation_number, conversation_type, latest_meeting_date, reason)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::date[], $5::text[])
              AS s(citizen_id, conversation_number, conversation_type, latest_meeting_date, reason)
      ${notAskedYet}
     ON CONFLICT DO NOTHING RETURNING 1`,
    columnsOf(summonses, 'citizenId', 'conversationNumber', 'conversationType', 'latestMeetingDate', 'reason'),
  );
  return rowsOf(inserted).length;
}

/**
 * slot.availability-changed → what the expiry needs to know of slots: free now, and the last instant a seat was known
 * free (the event's time when it shows a free seat, or ends one). Events of one slot arrive in order (keyed by slotId).
 */
export async function recordSlot(
  tx: Queryable,
  s: { slotId: string; jobcenterCode: string; conversationTypes: readonly number[]; startsAt: Date; free: boolean },
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO deadline_slot (slot_id, jobcenter_code, conversation_types, starts_at, free_now, last_free_at,
         first_seen_at)
     VALUES ($1, $2, $3::int[], $4, $5, CASE WHEN $5 THEN $6::timestamptz END, $6)
     ON CONFLICT (slot_id) DO UPDATE SET jobcenter_code = EXCLUDED.jobcenter_code,
       conversation_types = EXCLUDED.conversation_types,
       starts_at = EXCLUDED.starts_at, free_now = EXCLUDED.free_now,
       last_free_at = CASE WHEN EXCLUDED.free_now OR deadline_slot.free_now THEN $6
         ELSE deadline_slot.last_free_at END`,
    [s.slotId, s.jobcenterCode, s.conversationTypes, s.startsAt, s.free, now],
  );
}

/**
 * Of the given open deadlines, which can be judged for "no free slots" (opened at least `leadDays` after slot tracking
 * began), and which of those had no slot of their jobcenter and conversation type, starting after they were given and
 * by the end of latestMeetingDate (Europe/Copenhagen), known
 * before expiry and free at some moment while they were open.
 */
export async function freeSlotsWhileOpen(
  tx: Queryable,
  deadlineIds: string[],
  leadDays: number,
): Promise<Map<string, boolean>> {
  const result = new Map<string, boolean>();
  if (deadlineIds.length === 0) return result;
  const rows: Array<{ id: string; free: boolean }> = await tx.query(
    `SELECT d.id, EXISTS (
         SELECT 1 FROM deadline_slot s
          WHERE s.jobcenter_code = d.jobcenter_code AND d.conversation_type = ANY (s.conversation_types)
            AND s.starts_at > d.opened_at AND s.starts_at < ((d.latest_meeting_date + 1)::timestamp AT TIME ZONE
              'Europe/Copenhagen')
            AND s.first_seen_at <= d.expires_at AND (s.free_now OR s.last_free_at >= d.opened_at)
       ) AS free
       FROM deadline d, deadline_slot_tracking t
      WHERE d.id = ANY ($1::uuid[]) AND d.opened_at >= t.since + make_interval(days => $2)`,
    [deadlineIds, leadDays],
  );
  for (const r of rows) result.set(r.id, r.free);
  return result;
}
