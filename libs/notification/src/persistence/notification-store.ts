/**
 * The notification store: the delivery runner's statements on notifications and their deliveries, in the
 * caller's transaction. Claims take due rows with FOR UPDATE SKIP LOCKED, so replicas and concurrent runs
 * never take the same row.
 */
import type { Language, NotificationChannel, NotificationKind } from '@selvbook/contracts';
import type { EntityManager } from 'typeorm';
import type { NotificationFacts, TemplateId } from '../domain/templates';
import type { CalendarRef } from '../use-cases/record-events.usecase';

type Queryable = Pick<EntityManager, 'query'>;

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
       SELECT id FROM notification WHERE status = 'scheduled' AND due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED
     )
     SELECT n.id, n.citizen_id AS "citizenId", n.jobcenter_code AS "jobcenterCode", n.kind, n.deadline_id AS "deadlineId",
            n.booking_id AS "bookingId", n.created_at AS "createdAt", n.source_event_id AS "sourceEventId",
            n.correlation_id AS "correlationId", n.facts, c.email, c.phone, c.digital_post_enabled AS "digitalPostEnabled", c.language
       FROM claimed JOIN notification n ON n.id = claimed.id LEFT JOIN notification_contact c ON c.citizen_id = n.citizen_id`,
    [asOf, limit],
  );
}

/** One delivery per notification and channel: a second plan of the same one adds nothing. */
export async function insertDeliveries(tx: Queryable, deliveries: NewDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  await tx.query(
    `INSERT INTO notification_delivery (id, notification_id, channel, recipient, status, next_attempt_at)
     SELECT id, notification_id, channel, recipient, 'pending', next_attempt_at
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) AS t(id, notification_id, channel, recipient, next_attempt_at)
     ON CONFLICT (notification_id, channel) DO NOTHING`,
    [deliveries.map((d) => d.id), deliveries.map((d) => d.notificationId), deliveries.map((d) => d.channel), deliveries.map((d) => d.recipient), deliveries.map((d) => d.nextAttemptAt)],
  );
}

export async function setNotificationStatus(tx: Queryable, ids: string[], status: 'planned' | 'no_contact' | 'expired'): Promise<void> {
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
            n.citizen_id AS "citizenId", n.jobcenter_code AS "jobcenterCode", n.kind, n.template, n.deadline_id AS "deadlineId", n.booking_id AS "bookingId",
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
    [
      outcomes.map((o) => o.id),
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.attempts),
      outcomes.map((o) => o.nextAttemptAt),
      outcomes.map((o) => o.lastError),
      outcomes.map((o) => o.providerId),
      outcomes.map((o) => o.sentAt),
    ],
  );
}
