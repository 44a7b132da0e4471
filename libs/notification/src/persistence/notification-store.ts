/**
 * The notification store: notifications and their deliveries, and what the service keeps to write them (the
 * citizen's contact details, deadlines, meetings), in the caller's transaction or on the DataSource for a read.
 * Claims take due rows with FOR UPDATE SKIP LOCKED, so replicas and concurrent runs never take the same row.
 */
import type { ContactDetails, Language, NotificationChannel, NotificationKind } from '@selvbook/contracts';
import { rowsOf } from '@selvbook/persistence';
import type { EntityManager } from 'typeorm';
import type { NotificationFacts, TemplateId } from '../domain/templates';

type Queryable = Pick<EntityManager, 'query'>;

export interface CalendarRef {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
}

/** A scheduled notification come due, with the citizen's contact details as they are now (null: none yet). */
export interface DueNotification {
  id: string;
  citizenId: string;
  jobcenterCode: string;
  kind: NotificationKind;
  deadlineId: string | null;
  bookingId: string | null;
  createdAt: Date;
  sourceEventId: string | null;
  correlationId: string | null;
  email: string | null;
  phone: string | null;
  digitalPostEnabled: boolean | null;
  language: Language | null;
  facts: NotificationFacts;
}

/** A pending delivery come due, with what rendering and its events need from its notification. */
export interface DueDelivery {
  id: string;
  notificationId: string;
  channel: NotificationChannel;
  recipient: string;
  attempts: number;
  citizenId: string;
  /** the citizen's jobcenter the notification was recorded for: it signs */
  jobcenterCode: string | null;
  kind: NotificationKind;
  template: TemplateId;
  deadlineId: string | null;
  bookingId: string | null;
  facts: NotificationFacts;
  calendar: CalendarRef | null;
  sourceEventId: string | null;
  correlationId: string | null;
  language: Language | null;
  occurredAt: Date | null;
  traceparent: string | null;
}

export interface NewDelivery {
  id: string;
  notificationId: string;
  channel: NotificationChannel;
  recipient: string;
  nextAttemptAt: Date;
}

/** What an attempt left a delivery at. */
export interface DeliveryOutcome {
  id: string;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  providerId: string | null;
  sentAt: Date | null;
}

/** Claims up to `limit` scheduled notifications due at `asOf`, earliest first. */
export async function claimDueNotifications(tx: Queryable, asOf: Date, limit: number): Promise<DueNotification[]> {
  return tx.query(
    `WITH claimed AS (
       SELECT id FROM notification WHERE status = 'scheduled' AND due_at <= $1 ORDER BY due_at LIMIT $2
         FOR UPDATE SKIP LOCKED
     )
     SELECT n.id, n.citizen_id AS "citizenId", n.jobcenter_code AS "jobcenterCode", n.kind,
       n.deadline_id AS "deadlineId",
            n.booking_id AS "bookingId", n.created_at AS "createdAt", n.source_event_id AS "sourceEventId",
            n.correlation_id AS "correlationId", n.facts, c.email, c.phone,
              c.digital_post_enabled AS "digitalPostEnabled", c.language
       FROM claimed JOIN notification n ON n.id = claimed.id LEFT JOIN notification_contact c
         ON c.citizen_id = n.citizen_id`,
    [asOf, limit],
  );
}

/** One delivery per notification and channel: a second plan of the same one adds nothing. */
export async function insertDeliveries(tx: Queryable, deliveries: NewDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  await tx.query(
    `INSERT INTO notification_delivery (id, notification_id, channel, recipient, status, next_attempt_at)
     SELECT id, notification_id, channel, recipient, 'pending', next_attempt_at
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) AS t(id, notification_id,
         channel, recipient, next_attempt_at)
     ON CONFLICT (notification_id, channel) DO NOTHING`,
    columnsOf(deliveries, 'id', 'notificationId', 'channel', 'recipient', 'nextAttemptAt'),
  );
}

export async function setNotificationStatus(
  tx: Queryable,
  ids: string[],
  status: 'planned' | 'no_contact' | 'expired',
): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(`UPDATE notification SET status = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [ids, status]);
}

/** Notifications waiting for the citizen's contact details come due again at `dueAt`. */
export async function postponeNotifications(tx: Queryable, ids: string[], dueAt: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(`UPDATE notification SET due_at = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [ids, dueAt]);
}

/** Claims up to `limit` pending deliveries due at `asOf`, earliest first; they stay locked until the caller commits. */
export async function claimDueDeliveries(tx: Queryable, asOf: Date, limit: number): Promise<DueDelivery[]> {
  return tx.query(
    `WITH claimed AS (
       SELECT id FROM notification_delivery WHERE status = 'pending' AND next_attempt_at <= $1
        ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED
     )
     SELECT d.id, d.notification_id AS "notificationId", d.channel, d.recipient, d.attempts,
            n.citizen_id AS "citizenId", n.jobcenter_code AS "jobcenterCode", n.kind, n.template,
              n.deadline_id AS "deadlineId", n.booking_id AS "bookingId",
            n.facts, n.calendar, n.source_event_id AS "sourceEventId", n.correlation_id AS "correlationId", c.language,
            n.occurred_at AS "occurredAt", n.traceparent
       FROM claimed JOIN notification_delivery d ON d.id = claimed.id JOIN notification n ON n.id = d.notification_id
       LEFT JOIN notification_contact c ON c.citizen_id = n.citizen_id`,
    [asOf, limit],
  );
}

export async function recordOutcomes(tx: Queryable, outcomes: DeliveryOutcome[]): Promise<void> {
  await tx.query(
    `UPDATE notification_delivery d SET status = o.status, attempts = o.attempts, next_attempt_at = o.next_attempt_at,
            last_error = o.last_error, provider_id = o.provider_id, sent_at = o.sent_at, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::text[], $6::text[], $7::timestamptz[])
            AS o(id, status, attempts, next_attempt_at, last_error, provider_id, sent_at)
      WHERE d.id = o.id`,
    columnsOf(outcomes, 'id', 'status', 'attempts', 'nextAttemptAt', 'lastError', 'providerId', 'sentAt'),
  );
}

// ── what the event use cases write ─────────

/** Where and how the citizen is reached; a change without a jobcenter keeps the one recorded. */
export async function saveContactDetails(
  tx: Queryable,
  citizenId: string,
  c: ContactDetails,
  jobcenterCode: string | null,
): Promise<void> {
  await tx.query(
    `INSERT INTO notification_contact (citizen_id, jobcenter_code, email, phone, digital_post_enabled, language)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (citizen_id) DO UPDATE SET jobcenter_code = COALESCE(EXCLUDED.jobcenter_code,
       notification_contact.jobcenter_code),
       email = EXCLUDED.email, phone = EXCLUDED.phone, digital_post_enabled = EXCLUDED.digital_post_enabled,
       language = EXCLUDED.language, updated_at = now()`,
    [citizenId, jobcenterCode, c.email ?? null, c.phone ?? null, c.digitalPostEnabled, c.language],
  );
}

export interface KnownDeadline {
  deadlineId: string;
  citizenId: string;
  conversationType: number;
  deadlineDate: string;
  latestMeetingDate: string;
  canSelfBook: boolean;
}

/** deadline.opened: the deadline as given (a redelivery updates its dates). */
export async function saveDeadline(tx: Queryable, d: KnownDeadline): Promise<void> {
  await tx.query(
    `INSERT INTO notification_deadline (deadline_id, citizen_id, conversation_type, deadline_date, latest_meeting_date,
         can_self_book)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (deadline_id) DO UPDATE SET deadline_date = EXCLUDED.deadline_date,
       latest_meeting_date = EXCLUDED.latest_meeting_date,
       can_self_book = EXCLUDED.can_self_book`,
    [d.deadlineId, d.citizenId, d.conversationType, d.deadlineDate, d.latestMeetingDate, d.canSelfBook],
  );
}

/** deadline.reopened: the new dates of a known deadline; undefined when it was never opened here. */
export async function redateDeadline(
  tx: Queryable,
  deadlineId: string,
  deadlineDate: string,
  latestMeetingDate: string,
): Promise<Pick<KnownDeadline, 'conversationType' | 'canSelfBook'> | undefined> {
  const [known] = rowsOf<Pick<KnownDeadline, 'conversationType' | 'canSelfBook'>>(
    await tx.query(
      `UPDATE notification_deadline SET deadline_date = $2, latest_meeting_date = $3 WHERE deadline_id = $1
       RETURNING conversation_type AS "conversationType", can_self_book AS "canSelfBook"`,
      [deadlineId, deadlineDate, latestMeetingDate],
    ),
  );
  return known;
}

/** A booked meeting under its calendar UID and SEQUENCE. */
export interface Meeting {
  bookingId: string;
  uid: string;
  sequence: number;
  facts: NotificationFacts;
  status: string;
}

/** A booked or rebooked meeting; the first record of a booking stands. */
export async function saveMeeting(tx: Queryable, m: Omit<Meeting, 'status'> & { citizenId: string }): Promise<void> {
  await tx.query(
    `INSERT INTO notification_meeting (booking_id, citizen_id, uid, sequence, facts, status)
         VALUES ($1, $2, $3, $4, $5::jsonb, 'active')
     ON CONFLICT (booking_id) DO NOTHING`,
    [m.bookingId, m.citizenId, m.uid, m.sequence, JSON.stringify(m.facts)],
  );
}

export async function findMeeting(tx: Queryable, bookingId: string): Promise<Meeting | undefined> {
  const [row]: Meeting[] = await tx.query(
    `SELECT booking_id AS "bookingId", uid, sequence, facts, status FROM notification_meeting WHERE booking_id = $1`,
    [bookingId],
  );
  return row;
}

/** booking.rebooked: the old meeting is replaced by the new one (same UID). */
export async function markMeetingReplaced(tx: Queryable, bookingId: string): Promise<void> {
  await tx.query(`UPDATE notification_meeting SET status = 'replaced' WHERE booking_id = $1`, [bookingId]);
}

/** booking.cancelled: the meeting is cancelled with the SEQUENCE of its CANCEL. */
export async function markMeetingCancelled(tx: Queryable, bookingId: string, sequence: number): Promise<void> {
  await tx.query(`UPDATE notification_meeting SET status = 'cancelled', sequence = $2 WHERE booking_id = $1`, [
    bookingId,
    sequence,
  ]);
}

/** A message to send when due, with what caused it (for its events and trace). */
export interface NewNotification {
  id: string;
  dedupeKey: string;
  citizenId: string;
  jobcenterCode: string;
  kind: NotificationKind;
  template: TemplateId;
  deadlineId?: string;
  bookingId?: string;
  facts: NotificationFacts;
  calendar?: CalendarRef;
  dueAt: Date;
  sourceEventId: string;
  correlationId: string;
  occurredAt: Date | string;
  traceparent: string | null;
}

/** Schedules a message, once per dedupe key (a redelivery or the same fact sent twice adds nothing). */
export async function insertNotification(tx: Queryable, n: NewNotification): Promise<void> {
  await tx.query(
    `INSERT INTO notification (id, dedupe_key, citizen_id, jobcenter_code, kind, template, deadline_id, booking_id,
         facts, calendar,
                               status, due_at, source_event_id, correlation_id, occurred_at, traceparent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, 'scheduled', $11, $12, $13, $14, $15)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      n.id,
      n.dedupeKey,
      n.citizenId,
      n.jobcenterCode,
      n.kind,
      n.template,
      n.deadlineId ?? null,
      n.bookingId ?? null,
      JSON.stringify(n.facts),
      n.calendar ? JSON.stringify(n.calendar) : null,
      n.dueAt,
      n.sourceEventId,
      n.correlationId,
      n.occurredAt,
      n.traceparent,
    ],
  );
}

/** Scheduled messages of a deadline or booking are cancelled, and so are their deliveries not yet sent. */
export async function cancelScheduled(
  tx: Queryable,
  by: { deadlineId?: string; bookingId?: string; kind: NotificationKind },
): Promise<void> {
  const [column, id] = by.bookingId ? ['booking_id', by.bookingId] : ['deadline_id', by.deadlineId!];
  await tx.query(
    `UPDATE notification SET status = 'cancelled', updated_at = now() WHERE ${column} = $1 AND kind = $2
         AND status = 'scheduled'`,
    [id, by.kind],
  );
  await tx.query(
    `UPDATE notification_delivery d SET status = 'cancelled', next_attempt_at = NULL, updated_at = now()
       FROM notification n WHERE d.notification_id = n.id AND n.${column} = $1 AND n.kind = $2
         AND d.status = 'pending'`,
    [id, by.kind],
  );
}

// ── the delivery log ───────────────────────

export interface LoggedNotification {
  id: string;
  kind: NotificationKind;
  template: string;
  status: 'scheduled' | 'planned' | 'cancelled' | 'no_contact' | 'expired';
  dueAt: Date;
  createdAt: Date;
  deadlineId: string | null;
  bookingId: string | null;
  jobcenterCode: string;
  deliveries: Array<{
    id: string;
    channel: NotificationChannel;
    status: 'pending' | 'sent' | 'failed' | 'cancelled';
    attempts: number;
    nextAttemptAt: string | null;
    lastError: string | null;
    sentAt: string | null;
  }> | null;
}

/** A citizen's messages, newest first, each with its deliveries by channel. */
export async function notificationLog(db: Queryable, citizenId: string, limit: number): Promise<LoggedNotification[]> {
  return db.query(
    `SELECT n.id, n.kind, n.template, n.status, n.due_at AS "dueAt", n.created_at AS "createdAt",
         n.deadline_id AS "deadlineId",
            n.booking_id AS "bookingId", n.jobcenter_code AS "jobcenterCode",
            (SELECT json_agg(json_build_object('id', d.id, 'channel', d.channel, 'status', d.status, 'attempts',
              d.attempts,
                      'nextAttemptAt', d.next_attempt_at, 'lastError', d.last_error, 'sentAt', d.sent_at)
                        ORDER BY d.channel)
               FROM notification_delivery d WHERE d.notification_id = n.id) AS deliveries
       FROM notification n WHERE n.citizen_id = $1 ORDER BY n.created_at DESC, n.due_at DESC LIMIT $2`,
    [citizenId, limit],
  );
}

/** The jobcenter recorded with the citizen's contact details (undefined: none recorded). */
export async function contactJobcenter(db: Queryable, citizenId: string): Promise<string | null | undefined> {
  const [contact]: Array<{ jobcenterCode: string | null }> = await db.query(
    `SELECT jobcenter_code AS "jobcenterCode" FROM notification_contact WHERE citizen_id = $1`,
    [citizenId],
  );
  return contact?.jobcenterCode;
}

/** The rows as one array per column, in `keys` order: the parameters of a batch statement over `unnest(...)`. */
function columnsOf<R>(rows: readonly R[], ...keys: Array<keyof R>): unknown[][] {
  return keys.map((key) => rows.map((row) => row[key]));
}
