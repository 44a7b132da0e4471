/**
 * The citizen store: the deadline service's read model of a citizen (`deadline_citizen`), their exemptions
 * (`deadline_exemption`) and bookings (`deadline_booking`), through the caller's transaction. The citizen row is
 * the lock that serialises everything done for one citizen. Dates are read as text (`::text`).
 */
import {
  AbsenceCode,
  ContactGroup,
  ConversationType,
  ExemptionKind,
  ScheduleCalculatedData,
} from '@selvbook/contracts';
import type { BookingRef, Exemption } from '../domain/lifecycle';
import { columnsOf, type Queryable } from './queryable';
import { DEADLINE_COLUMNS, DeadlineRow } from './store';

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
  citizen_id AS "citizenId", jobcenter_code AS "jobcenterCode", akasse_id AS "akasseId",
  contact_group AS "contactGroup",
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
export async function upsertCitizen(tx: Queryable, f: CitizenFacts, authoritative: boolean): Promise<CitizenRow> {
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

export async function findCitizen(tx: Queryable, citizenId: string): Promise<CitizenRow | undefined> {
  const rows: CitizenRow[] = await tx.query(`SELECT ${CITIZEN_COLUMNS} FROM deadline_citizen WHERE citizen_id = $1`, [
    citizenId,
  ]);
  return rows[0];
}

export async function setImmediateBooking(
  tx: Queryable,
  citizenId: string,
  flag: { requiredFrom: string; lapsesOn: string; lapsesAt: Date; deadlineId?: string } | null,
): Promise<void> {
  await tx.query(
    `UPDATE deadline_citizen SET immediate_booking_from = $2, immediate_booking_lapses_on = $3,
         immediate_booking_lapses_at = $4,
       immediate_booking_deadline_id = $5, updated_at = now() WHERE citizen_id = $1`,
    [citizenId, flag?.requiredFrom ?? null, flag?.lapsesOn ?? null, flag?.lapsesAt ?? null, flag?.deadlineId ?? null],
  );
}

/** citizen.registered (null: registered again) or citizen.deregistered (from that day). */
export async function setDeregisteredFrom(
  tx: Queryable,
  citizenId: string,
  deregisteredFrom: string | null,
): Promise<void> {
  await tx.query(`UPDATE deadline_citizen SET deregistered_from = $2 WHERE citizen_id = $1`, [
    citizenId,
    deregisteredFrom,
  ]);
}

/** The conversations of the last schedule applied (null: none yet). */
export async function lastConversations(
  tx: Queryable,
  citizenId: string,
): Promise<ScheduleCalculatedData['conversations'] | null> {
  const [{ conversations } = { conversations: null }]: Array<{
    conversations: ScheduleCalculatedData['conversations'] | null;
  }> = await tx.query(`SELECT last_conversations AS conversations FROM deadline_citizen WHERE citizen_id = $1`, [
    citizenId,
  ]);
  return conversations;
}

/** The schedule applied: its hash (a recalculation with the same need is not looked at again) and conversations. */
export async function recordScheduleApplied(
  tx: Queryable,
  citizenId: string,
  scheduleHash: string,
  conversations: ScheduleCalculatedData['conversations'],
): Promise<void> {
  await tx.query(
    `UPDATE deadline_citizen SET last_schedule_hash = $2, last_conversations = $3::jsonb WHERE citizen_id = $1`,
    [citizenId, scheduleHash, JSON.stringify(conversations)],
  );
}

/** The expiry's citizens, locked; one a consumer is working on is skipped (busy), not waited for. */
export async function lockCitizensUnlessBusy(tx: Queryable, citizenIds: string[]): Promise<CitizenRow[]> {
  return tx.query(
    `SELECT ${CITIZEN_COLUMNS} FROM deadline_citizen WHERE citizen_id = ANY($1::uuid[]) FOR NO KEY UPDATE SKIP LOCKED`,
    [citizenIds],
  );
}

/** Which of these citizens have a row (locked or not). */
export async function existingCitizenIds(tx: Queryable, citizenIds: string[]): Promise<string[]> {
  const rows: Array<{ id: string }> = await tx.query(
    `SELECT citizen_id AS id FROM deadline_citizen WHERE citizen_id = ANY($1::uuid[])`,
    [citizenIds],
  );
  return rows.map((r) => r.id);
}

/** A citizen as the expiry leaves them: deregistered, or asked to book at once. */
export interface CitizenAfterExpiry {
  citizenId: string;
  deregisteredFrom: string | null;
  immediateBookingFrom: string | null;
  immediateBookingLapsesOn: string | null;
  immediateBookingLapsesAt: Date | null;
  /** null: the deadline recorded before stays */
  immediateBookingDeadlineId: string | null;
}

export async function updateCitizensAfterExpiry(tx: Queryable, citizens: CitizenAfterExpiry[]): Promise<void> {
  await tx.query(
    `UPDATE deadline_citizen c SET deregistered_from = u.dereg, immediate_booking_from = u.from_,
         immediate_booking_lapses_on = u.lapses_on,
            immediate_booking_lapses_at = u.lapses_at, immediate_booking_deadline_id = COALESCE(u.deadline_id,
              c.immediate_booking_deadline_id), updated_at = now()
       FROM unnest($1::uuid[], $2::date[], $3::date[], $4::date[], $5::timestamptz[], $6::uuid[]) AS u(id, dereg,
         from_, lapses_on, lapses_at, deadline_id)
      WHERE c.citizen_id = u.id`,
    columnsOf(
      citizens,
      'citizenId',
      'deregisteredFrom',
      'immediateBookingFrom',
      'immediateBookingLapsesOn',
      'immediateBookingLapsesAt',
      'immediateBookingDeadlineId',
    ),
  );
}

/** Citizens whose immediate-booking flag lapses by `asOf`, oldest first, locked and skipped by any other run. */
export async function claimLapsedImmediateBookings(tx: Queryable, asOf: Date, limit: number): Promise<CitizenRow[]> {
  return tx.query(
    `SELECT ${CITIZEN_COLUMNS} FROM deadline_citizen WHERE immediate_booking_lapses_at <= $1
      ORDER BY immediate_booking_lapses_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [asOf, limit],
  );
}

export async function clearImmediateBookings(tx: Queryable, citizenIds: string[]): Promise<void> {
  await tx.query(
    `UPDATE deadline_citizen SET immediate_booking_from = NULL, immediate_booking_lapses_on = NULL,
         immediate_booking_lapses_at = NULL,
            immediate_booking_deadline_id = NULL, updated_at = now() WHERE citizen_id = ANY($1::uuid[])`,
    [citizenIds],
  );
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

const EXEMPTION_COLUMNS = `exemption_id AS "exemptionId", citizen_id AS "citizenId", kind,
  absence_code AS "absenceCode",
  valid_from::text AS "validFrom", valid_to::text AS "validTo", ended_on::text AS "endedOn"`;

export async function exemptionsOf(tx: Queryable, citizenIds: string[]): Promise<Map<string, Exemption[]>> {
  const byCitizen = new Map<string, Exemption[]>();
  if (citizenIds.length === 0) return byCitizen;
  const rows: ExemptionRow[] = await tx.query(
    `SELECT ${EXEMPTION_COLUMNS} FROM deadline_exemption WHERE citizen_id = ANY($1::uuid[])`,
    [citizenIds],
  );
  for (const { citizenId, ...e } of rows) {
    const list = byCitizen.get(citizenId) ?? [];
    list.push(e);
    byCitizen.set(citizenId, list);
  }
  return byCitizen;
}

/** citizen.exemption-granted: the exemption as granted (a repeated event overwrites it). */
export async function upsertExemption(tx: Queryable, citizenId: string, e: Exemption): Promise<void> {
  await tx.query(
    `INSERT INTO deadline_exemption (exemption_id, citizen_id, kind, absence_code, valid_from, valid_to)
         VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (exemption_id) DO UPDATE SET kind = EXCLUDED.kind, absence_code = EXCLUDED.absence_code,
       valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to`,
    [e.exemptionId, citizenId, e.kind, e.absenceCode ?? null, e.validFrom, e.validTo ?? null],
  );
}

/** The exemptions a schedule was calculated with: those not known yet (the citizen event's row wins). */
export async function addExemptionsIfNew(
  tx: Queryable,
  citizenId: string,
  exemptions: readonly Exemption[],
): Promise<void> {
  await tx.query(
    `INSERT INTO deadline_exemption (exemption_id, citizen_id, kind, absence_code, valid_from, valid_to)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::date[], $6::date[])
       ON CONFLICT (exemption_id) DO NOTHING`,
    [
      exemptions.map((e) => e.exemptionId),
      exemptions.map(() => citizenId),
      exemptions.map((e) => e.kind),
      exemptions.map((e) => e.absenceCode ?? null),
      exemptions.map((e) => e.validFrom),
      exemptions.map((e) => e.validTo ?? null),
    ],
  );
}

export async function endExemption(tx: Queryable, exemptionId: string, endedOn: string): Promise<void> {
  await tx.query(`UPDATE deadline_exemption SET ended_on = $2 WHERE exemption_id = $1`, [exemptionId, endedOn]);
}

/** booking.booked or .rebooked: the citizen's booking, active (a redelivery or a move updates its time). */
export async function recordActiveBooking(
  tx: Queryable,
  b: { bookingId: string; citizenId: string; conversationType: ConversationType; startsAt: Date; meetingDate: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO deadline_booking (booking_id, citizen_id, conversation_type, starts_at, meeting_date, status)
     VALUES ($1, $2, $3, $4, $5, 'active')
     ON CONFLICT (booking_id) DO UPDATE SET starts_at = EXCLUDED.starts_at, meeting_date = EXCLUDED.meeting_date,
       status = 'active'`,
    [b.bookingId, b.citizenId, b.conversationType, b.startsAt, b.meetingDate],
  );
}

export async function setBookingStatus(
  tx: Queryable,
  bookingId: string,
  status: 'cancelled' | 'attended' | 'no_show',
): Promise<void> {
  await tx.query(`UPDATE deadline_booking SET status = $2 WHERE booking_id = $1`, [bookingId, status]);
}

/** The citizen's active bookings that fulfil no deadline yet. */
export async function activeUnusedBookings(tx: Queryable, citizenId: string): Promise<BookingRef[]> {
  const rows: Array<{ bookingId: string; conversationType: ConversationType; meetingDate: string }> = await tx.query(
    `SELECT b.booking_id AS "bookingId", b.conversation_type AS "conversationType",
         b.meeting_date::text AS "meetingDate"
       FROM deadline_booking b
      WHERE b.citizen_id = $1 AND b.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM deadline d WHERE d.fulfilling_booking_id = b.booking_id
          AND d.status = 'fulfilled')`,
    [citizenId],
  );
  return rows;
}

/** What the citizen's deadlines page needs: the citizen, their open and fulfilled deadlines, their exemptions. */
export interface CitizenWithDeadlines {
  citizen: CitizenRow;
  /** by deadline date, then conversation number */
  deadlines: DeadlineRow[];
  exemptions: Exemption[];
}

/**
 * The citizen, their open and fulfilled deadlines and their exemptions in one statement (one round trip, one
 * snapshot); undefined when the citizen is not known. Not locked: a read outside any transaction.
 */
export async function citizenWithDeadlines(
  db: Queryable,
  citizenId: string,
): Promise<CitizenWithDeadlines | undefined> {
  const rows: Array<CitizenRow & { deadlines: JsonDeadline[]; exemptions: ExemptionRow[] }> = await db.query(
    `SELECT ${CITIZEN_COLUMNS},
            (SELECT COALESCE(json_agg(d ORDER BY d."deadlineDate"::date, d."conversationNumber"), '[]')
               FROM (SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE citizen_id = $1
                 AND status IN ('open', 'fulfilled')) d) AS deadlines,
            (SELECT COALESCE(json_agg(e), '[]')
               FROM (SELECT ${EXEMPTION_COLUMNS} FROM deadline_exemption WHERE citizen_id = $1) e) AS exemptions
       FROM deadline_citizen WHERE citizen_id = $1`,
    [citizenId],
  );
  const [row] = rows;
  if (!row) return undefined;
  const { deadlines, exemptions, ...citizen } = row;
  return {
    citizen,
    // JSON has no timestamps: the instants come back as text
    deadlines: deadlines.map((d) => ({
      ...d,
      expiresAt: new Date(d.expiresAt),
      settledAt: d.settledAt === null ? null : new Date(d.settledAt),
      openedAt: d.openedAt === null ? null : new Date(d.openedAt),
    })),
    exemptions: exemptions.map(({ citizenId: _, ...e }) => e),
  };
}

type JsonDeadline = Omit<DeadlineRow, 'expiresAt' | 'settledAt' | 'openedAt'> & {
  expiresAt: string;
  settledAt: string | null;
  openedAt: string | null;
};
