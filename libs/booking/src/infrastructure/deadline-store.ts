/**
 * The booking service's copy of deadlines and citizens' organisations, kept from the deadline-service's
 * events (what a citizen may book, until when), and the reads a booking makes of it.
 */
import type { DeadlineOpenedData, DeadlineReopenedData } from '@selvbook/contracts';
import { PgQueryable, Queryable } from './database';
import { DeadlineRow, PolicyRow } from './rows';

export async function upsertOpenedDeadline(tx: Queryable, o: DeadlineOpenedData, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO deadline (deadline_id, citizen_id, jobcenter_code, akasse_id, conversation_type, conversation_number,
         deadline_date,
                           latest_meeting_date, contact_group, can_self_book, status, updated_at, meeting_formats)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'OPEN', $11, $12)
     ON CONFLICT (deadline_id) DO UPDATE SET jobcenter_code = EXCLUDED.jobcenter_code, akasse_id = EXCLUDED.akasse_id,
       conversation_type = EXCLUDED.conversation_type, conversation_number = EXCLUDED.conversation_number,
       deadline_date = EXCLUDED.deadline_date, latest_meeting_date = EXCLUDED.latest_meeting_date,
       contact_group = EXCLUDED.contact_group, can_self_book = EXCLUDED.can_self_book, status = 'OPEN',
         updated_at = EXCLUDED.updated_at,
       meeting_formats = EXCLUDED.meeting_formats`,
    [
      o.deadlineId,
      o.citizenId,
      o.jobcenterCode,
      o.akasseId ?? null,
      o.conversationType,
      o.conversationNumber,
      o.deadlineDate,
      o.latestMeetingDate,
      o.contactGroup,
      o.canSelfBook,
      at,
      o.meetingFormats ?? null,
    ],
  );
}

export async function reopenDeadline(tx: Queryable, r: DeadlineReopenedData, at: string): Promise<void> {
  await tx.query(
    `UPDATE deadline SET status = 'OPEN', deadline_date = $2, latest_meeting_date = $3, updated_at = $4
         WHERE deadline_id = $1`,
    [r.deadlineId, r.deadlineDate, r.latestMeetingDate, at],
  );
}

export async function setDeadlineStatus(
  tx: Queryable,
  deadlineId: string,
  status: DeadlineRow['status'],
  at: string,
): Promise<void> {
  await tx.query(`UPDATE deadline SET status = $2, updated_at = $3 WHERE deadline_id = $1`, [deadlineId, status, at]);
}

/** A citizen's organisations as of `at`; an older event changes nothing; a null contact group keeps the known one. */
export async function upsertCitizen(
  tx: Queryable,
  c: { citizenId: string; jobcenterCode: string; akasseId?: string },
  contactGroup: string | null,
  at: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO citizen (citizen_id, jobcenter_code, akasse_id, contact_group, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (citizen_id) DO UPDATE SET jobcenter_code = EXCLUDED.jobcenter_code, akasse_id = EXCLUDED.akasse_id,
       contact_group = COALESCE(EXCLUDED.contact_group, citizen.contact_group), updated_at = EXCLUDED.updated_at
     WHERE citizen.updated_at <= EXCLUDED.updated_at`,
    [c.citizenId, c.jobcenterCode, c.akasseId ?? null, contactGroup, at],
  );
}

/**
 * A deadline and the booking policy of the organisation holding its conversation (the a-kasse for its own
 * types, else the jobcenter; a joint conversation's policy is the jobcenter's), in one round trip.
 */
export async function deadlineWithPolicy(
  pool: PgQueryable,
  deadlineId: string,
  akasseTypes: number[],
): Promise<(DeadlineRow & { policy: PolicyRow | null }) | null> {
  const { rows } = await pool.query<DeadlineRow & { policy: PolicyRow | null }>({
    name: 'search-deadline',
    text: `SELECT d.deadline_id, d.citizen_id, d.jobcenter_code, d.akasse_id, d.conversation_type,
               d.deadline_date::text,
                  d.latest_meeting_date::text, d.can_self_book, d.status, d.meeting_formats, row_to_json(p) AS policy
             FROM deadline d
             LEFT JOIN LATERAL (
               SELECT * FROM booking_policy p
                WHERE p.org_kind = CASE WHEN d.conversation_type = ANY ($2::int[]) THEN 'AKASSE' ELSE 'JOBCENTER' END
                  AND p.org_code = CASE WHEN d.conversation_type = ANY ($2::int[]) THEN d.akasse_id
                    ELSE d.jobcenter_code END
                  AND p.conversation_type IN (0, d.conversation_type)
                ORDER BY p.conversation_type DESC LIMIT 1) p ON true
            WHERE d.deadline_id = $1`,
    values: [deadlineId, akasseTypes],
  });
  return rows[0] ?? null;
}

export interface SelfBookingFacts {
  slot_exists: boolean;
  /** a booking with this idempotency key exists */
  replay: boolean;
  /** Selvbook knows the citizen (from a deadline event) */
  known: boolean;
  /** the citizen's open deadline, due first, of a conversation type the slot offers */
  deadline_id: string | null;
}

/** What tying a citizen's booking to one of their deadlines needs, in one round trip (pool or transaction). */
export async function selfBookingFacts(
  q: Queryable | PgQueryable,
  citizenId: string,
  slotId: string,
  conversationType: number | null,
  idempotency: { scope: string; key: string } | null,
): Promise<SelfBookingFacts> {
  const result: unknown = await (q as Queryable).query(
    `SELECT EXISTS (SELECT 1 FROM slot WHERE id = $2) AS slot_exists,
            EXISTS (SELECT 1 FROM booking WHERE $4::text IS NOT NULL AND idempotency_scope = $4
              AND idempotency_key = $5) AS replay,
            EXISTS (SELECT 1 FROM citizen WHERE citizen_id = $1) OR EXISTS (SELECT 1 FROM deadline
              WHERE citizen_id = $1) AS known,
            (SELECT d.deadline_id FROM deadline d JOIN slot s ON s.id = $2
              WHERE d.citizen_id = $1 AND d.status = 'OPEN' AND d.conversation_type = ANY (s.conversation_types)
                AND ($3::int IS NULL OR d.conversation_type = $3)
              ORDER BY d.deadline_date, d.deadline_id LIMIT 1) AS deadline_id`,
    [citizenId, slotId, conversationType, idempotency?.scope ?? null, idempotency?.key ?? null],
  );
  return ((Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as SelfBookingFacts[])[0];
}
