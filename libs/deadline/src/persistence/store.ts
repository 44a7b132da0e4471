/**
 * SQL for the deadline tables, through the caller's EntityManager (so consumers write inside the inbox
 * transaction). Dates are read as text (`::text`): a local date never passes through a JS Date.
 */
import { AbsenceCode, ContactGroup, ConversationType, DeadlineClosedReason, ExemptionKind, MissedDeadlineConsequence } from '@selvbook/contracts';
import type { EntityManager } from 'typeorm';
import type { ActiveDeadline, DeadlineStatus, Exemption, Outage } from '../domain/lifecycle';

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
  extended_by_outage AS "extendedByOutage", closed_reason AS "closedReason", consequence, settled_at AS "settledAt", opened_at AS "openedAt"`;

export interface CitizenRow {
  citizenId: string;
  jobcenterCode: string;
  akasseId: string | null;
  contactGroup: ContactGroup | null;
  deregisteredFrom: string | null;
  immediateBookingFrom: string | null;
  immediateBookingLapsesOn: string | null;
  lastScheduleHash: string | null;
}

export const CITIZEN_COLUMNS = `
  citizen_id AS "citizenId", jobcenter_code AS "jobcenterCode", akasse_id AS "akasseId", contact_group AS "contactGroup",
  deregistered_from::text AS "deregisteredFrom", immediate_booking_from::text AS "immediateBookingFrom",
  immediate_booking_lapses_on::text AS "immediateBookingLapsesOn", last_schedule_hash AS "lastScheduleHash"`;

export interface CitizenFacts {
  citizenId: string;
  jobcenterCode: string;
  akasseId?: string;
  contactGroup?: ContactGroup;
}

/**
 * Creates or refreshes the citizen's read model and locks the row for this transaction, which serialises
 * everything done for one citizen. `authoritative` facts (schedule and citizen events) overwrite the
 * a-kasse; booking events only fill it in.
 */
export async function upsertCitizen(tx: EntityManager, f: CitizenFacts, authoritative: boolean): Promise<CitizenRow> {
  const akasse = authoritative ? 'EXCLUDED.akasse_id' : 'COALESCE(EXCLUDED.akasse_id, deadline_citizen.akasse_id)';
  const rows: CitizenRow[] = await tx.query(
    `INSERT INTO deadline_citizen (citizen_id, jobcenter_code, akasse_id, contact_group) VALUES ($1, $2, $3, $4)
     ON CONFLICT (citizen_id) DO UPDATE SET jobcenter_code = EXCLUDED.jobcenter_code, akasse_id = ${akasse},
       contact_group = COALESCE(EXCLUDED.contact_group, deadline_citizen.contact_group), updated_at = now()
     RETURNING ${CITIZEN_COLUMNS}`,
    [f.citizenId, f.jobcenterCode, f.akasseId ?? null, f.contactGroup ?? null],
  );
  return rows[0];
}

export async function findCitizen(tx: EntityManager, citizenId: string): Promise<CitizenRow | undefined> {
  const rows: CitizenRow[] = await tx.query(`SELECT ${CITIZEN_COLUMNS} FROM deadline_citizen WHERE citizen_id = $1`, [citizenId]);
  return rows[0];
}

export async function activeDeadlines(tx: EntityManager, citizenId: string): Promise<DeadlineRow[]> {
  return tx.query(`SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE citizen_id = $1 AND status IN ('open', 'fulfilled') ORDER BY deadline_date, conversation_number FOR UPDATE`, [citizenId]);
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

interface ExemptionRow {
  exemptionId: string;
  citizenId: string;
  kind: ExemptionKind;
  absenceCode: AbsenceCode | null;
  validFrom: string;
  validTo: string | null;
  endedOn: string | null;
}

const EXEMPTION_COLUMNS = `exemption_id AS "exemptionId", citizen_id AS "citizenId", kind, absence_code AS "absenceCode",
  valid_from::text AS "validFrom", valid_to::text AS "validTo", ended_on::text AS "endedOn"`;

export async function exemptionsOf(tx: EntityManager, citizenIds: string[]): Promise<Map<string, Exemption[]>> {
  const byCitizen = new Map<string, Exemption[]>();
  if (citizenIds.length === 0) return byCitizen;
  const rows: ExemptionRow[] = await tx.query(`SELECT ${EXEMPTION_COLUMNS} FROM deadline_exemption WHERE citizen_id = ANY($1::uuid[])`, [citizenIds]);
  for (const { citizenId, ...e } of rows) {
    const list = byCitizen.get(citizenId) ?? [];
    list.push(e);
    byCitizen.set(citizenId, list);
  }
  return byCitizen;
}

/** Outages that can still matter for a deadline expiring after `since`. */
export async function relevantOutages(tx: EntityManager, since: Date, graceMs: number): Promise<Outage[]> {
  const rows: Array<{ startsAt: Date; endsAt: Date; jobcenterCode: string | null }> = await tx.query(
    `SELECT starts_at AS "startsAt", ends_at AS "endsAt", jobcenter_code AS "jobcenterCode" FROM deadline_outage WHERE ends_at >= $1`,
    [new Date(since.getTime() - graceMs)],
  );
  return rows;
}

export interface NewDeadline {
  id: string;
  citizenId: string;
  conversationNumber: number;
  conversationType: ConversationType;
  guidingDate: string;
  windowFrom: string;
  windowTo: string;
  deadlineDate: string;
  originalDeadlineDate: string;
  latestMeetingDate: string;
  expiresAt: Date;
  jobcenterCode: string;
  akasseId: string | null;
  contactGroup: ContactGroup;
  extendedByOutage: boolean;
  openedAt: Date;
}

export async function insertDeadline(tx: EntityManager, d: NewDeadline): Promise<void> {
  await tx.query(
    `INSERT INTO deadline (id, citizen_id, conversation_number, conversation_type, guiding_date, window_from, window_to,
       deadline_date, original_deadline_date, latest_meeting_date, expires_at, status, due_at, jobcenter_code, akasse_id,
       contact_group, extended_by_outage, opened_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $11, $12, $13, $14, $15, $16)`,
    [
      d.id, d.citizenId, d.conversationNumber, d.conversationType, d.guidingDate, d.windowFrom, d.windowTo,
      d.deadlineDate, d.originalDeadlineDate, d.latestMeetingDate, d.expiresAt, d.jobcenterCode, d.akasseId,
      d.contactGroup, d.extendedByOutage, d.openedAt,
    ],
  );
}

export async function closeDeadline(tx: EntityManager, id: string, reason: DeadlineClosedReason, absenceCode: AbsenceCode | undefined, now: Date): Promise<void> {
  await tx.query(
    `UPDATE deadline SET status = 'closed', due_at = NULL, fulfilling_booking_id = NULL, closed_reason = $2, absence_code = $3,
       settled_at = $4, updated_at = now() WHERE id = $1`,
    [id, reason, absenceCode ?? null, now],
  );
}

export async function fulfilDeadline(tx: EntityManager, id: string, bookingId: string, meetingDate: string, closeAt: Date): Promise<void> {
  await tx.query(
    `UPDATE deadline SET status = 'fulfilled', fulfilling_booking_id = $2, meeting_date = $3, due_at = $4, updated_at = now() WHERE id = $1`,
    [id, bookingId, meetingDate, closeAt],
  );
}

export async function reopenDeadline(tx: EntityManager, id: string, deadlineDate: string, latestMeetingDate: string, expiresAt: Date): Promise<void> {
  await tx.query(
    `UPDATE deadline SET status = 'open', fulfilling_booking_id = NULL, meeting_date = NULL, deadline_date = $2,
       latest_meeting_date = $3, expires_at = $4, due_at = $4, updated_at = now() WHERE id = $1`,
    [id, deadlineDate, latestMeetingDate, expiresAt],
  );
}

export async function deadlineFulfilledBy(tx: EntityManager, bookingId: string): Promise<DeadlineRow | undefined> {
  const rows: DeadlineRow[] = await tx.query(`SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE fulfilling_booking_id = $1 AND status = 'fulfilled' FOR UPDATE`, [bookingId]);
  return rows[0];
}

export async function setImmediateBooking(
  tx: EntityManager,
  citizenId: string,
  flag: { requiredFrom: string; lapsesOn: string; lapsesAt: Date; deadlineId?: string } | null,
): Promise<void> {
  await tx.query(
    `UPDATE deadline_citizen SET immediate_booking_from = $2, immediate_booking_lapses_on = $3, immediate_booking_lapses_at = $4,
       immediate_booking_deadline_id = $5, updated_at = now() WHERE citizen_id = $1`,
    [citizenId, flag?.requiredFrom ?? null, flag?.lapsesOn ?? null, flag?.lapsesAt ?? null, flag?.deadlineId ?? null],
  );
}

/**
 * slot.availability-changed → what the expiry needs to know of slots: free now, and the last instant a seat was known
 * free (the event's time when it shows a free seat, or ends one). Events of one slot arrive in order (keyed by slotId).
 */
export async function recordSlot(
  tx: EntityManager,
  s: { slotId: string; jobcenterCode: string; conversationTypes: readonly number[]; startsAt: Date; free: boolean },
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO deadline_slot (slot_id, jobcenter_code, conversation_types, starts_at, free_now, last_free_at, first_seen_at)
     VALUES ($1, $2, $3::int[], $4, $5, CASE WHEN $5 THEN $6::timestamptz END, $6)
     ON CONFLICT (slot_id) DO UPDATE SET jobcenter_code = EXCLUDED.jobcenter_code, conversation_types = EXCLUDED.conversation_types,
       starts_at = EXCLUDED.starts_at, free_now = EXCLUDED.free_now,
       last_free_at = CASE WHEN EXCLUDED.free_now OR deadline_slot.free_now THEN $6 ELSE deadline_slot.last_free_at END`,
    [s.slotId, s.jobcenterCode, s.conversationTypes, s.startsAt, s.free, now],
  );
}

/**
 * Of the given open deadlines, which can be judged for "no free slots" (opened at least `leadDays` after slot tracking
 * began), and which of those had no slot of their jobcenter and conversation type, starting after they were given and
 * by the end of latestMeetingDate (Europe/Copenhagen), known before expiry and free at some moment while they were open.
 */
export async function freeSlotsWhileOpen(tx: EntityManager, deadlineIds: string[], leadDays: number): Promise<Map<string, boolean>> {
  const result = new Map<string, boolean>();
  if (deadlineIds.length === 0) return result;
  const rows: Array<{ id: string; free: boolean }> = await tx.query(
    `SELECT d.id, EXISTS (
         SELECT 1 FROM deadline_slot s
          WHERE s.jobcenter_code = d.jobcenter_code AND d.conversation_type = ANY (s.conversation_types)
            AND s.starts_at > d.opened_at AND s.starts_at < ((d.latest_meeting_date + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen')
            AND s.first_seen_at <= d.expires_at AND (s.free_now OR s.last_free_at >= d.opened_at)
       ) AS free
       FROM deadline d, deadline_slot_tracking t
      WHERE d.id = ANY ($1::uuid[]) AND d.opened_at >= t.since + make_interval(days => $2)`,
    [deadlineIds, leadDays],
  );
  for (const r of rows) result.set(r.id, r.free);
  return result;
}
