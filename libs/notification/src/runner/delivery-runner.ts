/**
 * The durable timer loop of the notification service, two steps per run, each in batches claimed with
 * FOR UPDATE SKIP LOCKED (so replicas and concurrent runs never take the same row):
 *
 * 1. plan: messages whose `due_at` has come (at once for receipts and deadline messages, later for reminders)
 *    are expanded into one delivery per channel from the citizen's current contact details; a citizen with
 *    no digital contact gets none, and `notification.no-digital-contact` goes to the jobcenter. A reminder
 *    that comes due after its meeting began or its deadline day ended is `expired` instead (reminderExpired).
 * 2. deliver: deliveries whose `next_attempt_at` has come are rendered (a template missing a field fails
 *    the delivery permanently: nothing broken is sent) and sent while the row stays locked; the outcome and
 *    its event (`notification.sent` / `notification.failed`) commit together. An SMS in quiet hours is
 *    deferred to the morning (no attempt counted); a transient failure is retried with exponential backoff
 *    up to maxAttempts; a permanent failure, or the last attempt, fails it. A reminder's delivery held back
 *    past its point is cancelled, not sent.
 *
 * Exactly-once effect: a delivery leaves `pending` in the transaction that records its send, and
 * UNIQUE (notification_id, channel) stops a second one. The one window left is a crash after the channel
 * accepted a message and before the commit: then the message is sent again with the same Message-ID /
 * Idempotency-Key (the delivery id), which receiving systems use to drop the duplicate.
 */
import {
  createEvent,
  EventEnvelope,
  Language,
  NotificationChannel,
  NotificationFailedEvent,
  NotificationKind,
  NotificationNoDigitalContactEvent,
  NotificationSentEvent,
} from '@selvbook/contracts';
import { appendToOutbox } from '@selvbook/messaging';
import { endSpan, SpanKind, startSpan } from '@selvbook/platform';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, EntitySubscriberInterface } from 'typeorm';
import { ChannelError, ChannelSet, OutgoingMessage } from '../channels/channel';
import { channelsFor, ContactPreferences } from '../domain/channel-policy';
import { buildIcs } from '../domain/ics';
import { DEFAULT_QUIET_HOURS, QuietHours, smsAllowedFrom } from '../domain/quiet-hours';
import { reminderExpired } from '../domain/reminder-expiry';
import { MissingTemplateFieldError, NotificationFacts, renderTemplate, templateFields, TemplateId } from '../domain/templates';
import { CalendarRef, NOTIFICATION_SCHEDULED } from '../use-cases/record-events.usecase';

export const NOTIFICATION_SOURCE = 'notification-service';

export interface RetryPolicy {
  /** first retry after this long; doubled per attempt */
  baseMs: number;
  maxMs: number;
  /** attempts in all (the first included) before a transient failure becomes permanent */
  maxAttempts: number;
}

export interface DeliveryRunnerOptions {
  dataSource: DataSource;
  channels: ChannelSet;
  now: () => Date;
  bookingUrl: string;
  organizer: { email: string; name: string };
  retry?: RetryPolicy;
  quietHours?: QuietHours;
  /** a message for a citizen whose contact details have not arrived yet waits this long for them */
  contactWaitMs?: number;
  /** … looking again this often */
  contactRecheckMs?: number;
  batchSize?: number;
  /** delivery batches in flight at once (each its own transaction): keeps the SMTP pool busy while another commits */
  concurrency?: number;
  onError?: (error: unknown) => void;
  onRun?: (result: DeliveryRunResult) => void;
  /** each delivery outcome (metrics) */
  onOutcome?: (channel: NotificationChannel, outcome: 'sent' | 'retry' | 'failed' | 'deferred' | 'expired') => void;
  /** A delivery sent: seconds from its cause (the event, or a reminder's due time) to the send. */
  onDelivered?: (channel: NotificationChannel, kind: NotificationKind, delaySeconds: number) => void;
}

export interface DeliveryRunResult {
  asOf: string;
  planned: number;
  noContact: number;
  /** reminders (messages, or deliveries held back by retries) come due too late to remind of anything, not sent */
  expired: number;
  sent: number;
  retried: number;
  failed: number;
  deferred: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 8 };

export function backoffMs(attempts: number, retry: RetryPolicy): number {
  return Math.min(retry.maxMs, retry.baseMs * 2 ** Math.max(0, attempts - 1));
}

interface DueNotification {
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

interface DueDelivery {
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

interface Outcome {
  id: string;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  providerId: string | null;
  sentAt: Date | null;
}

export class DeliveryRunner {
  private readonly retry: RetryPolicy;
  private readonly quiet: QuietHours;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly contactWaitMs: number;
  private readonly contactRecheckMs: number;
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private current?: Promise<DeliveryRunResult>;
  private again = false;

  constructor(private readonly options: DeliveryRunnerOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.quiet = options.quietHours ?? DEFAULT_QUIET_HOURS;
    this.batchSize = options.batchSize ?? 100;
    this.concurrency = options.concurrency ?? 2;
    this.contactWaitMs = options.contactWaitMs ?? 10 * 60_000;
    this.contactRecheckMs = options.contactRecheckMs ?? 30_000;
  }

  /** Woken after a commit that scheduled a message (in this process); other replicas find it at their next poll. */
  private readonly commitListener: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      if (!queryRunner.data?.[NOTIFICATION_SCHEDULED]) return;
      queryRunner.data[NOTIFICATION_SCHEDULED] = false;
      this.wake();
    },
    afterTransactionRollback: ({ queryRunner }) => {
      if (queryRunner.data) queryRunner.data[NOTIFICATION_SCHEDULED] = false;
    },
  };

  start(intervalMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.options.dataSource.subscribers.push(this.commitListener);
    const tick = () => {
      if (this.stopped) return;
      this.wake();
      this.timer = setTimeout(tick, intervalMs);
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const subscribers = this.options.dataSource.subscribers;
    if (subscribers.includes(this.commitListener)) subscribers.splice(subscribers.indexOf(this.commitListener), 1);
    await this.current?.catch(() => undefined);
  }

  /** Runs now, or once more right after the run in progress (so nothing that came due meanwhile waits). */
  wake(): void {
    if (this.current) {
      this.again = true;
      return;
    }
    void this.runNow().catch((error) => this.options.onError?.(error));
  }

  /** One run at the clock's now, after any run in progress: everything due is planned and attempted. */
  async runNow(): Promise<DeliveryRunResult> {
    while (this.current) await this.current.catch(() => undefined);
    const run = this.runOnce();
    this.current = run;
    try {
      return await run;
    } finally {
      this.current = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    }
  }

  private async runOnce(): Promise<DeliveryRunResult> {
    const asOf = this.options.now();
    const result: DeliveryRunResult = { asOf: asOf.toISOString(), planned: 0, noContact: 0, expired: 0, sent: 0, retried: 0, failed: 0, deferred: 0 };
    while ((await this.options.dataSource.transaction((tx) => this.planBatch(tx, asOf, result))) > 0);
    // Each batch sees the clock anew: a batch that waited on a slow channel does not send with a stale now.
    await Promise.all(
      Array.from({ length: this.concurrency }, async () => {
        while ((await this.options.dataSource.transaction((tx) => this.deliverBatch(tx, this.laterOf(asOf), result))) > 0);
      }),
    );
    this.options.onRun?.(result);
    return result;
  }

  private laterOf(asOf: Date): Date {
    const now = this.options.now();
    return now > asOf ? now : asOf;
  }

  // ── 1. plan ────────────────────────────────────────────────────────────────────────────────────────
  private async planBatch(tx: EntityManager, asOf: Date, result: DeliveryRunResult): Promise<number> {
    const due: DueNotification[] = await tx.query(
      `WITH claimed AS (
         SELECT id FROM notification WHERE status = 'scheduled' AND due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       SELECT n.id, n.citizen_id AS "citizenId", n.jobcenter_code AS "jobcenterCode", n.kind, n.deadline_id AS "deadlineId",
              n.booking_id AS "bookingId", n.created_at AS "createdAt", n.source_event_id AS "sourceEventId",
              n.correlation_id AS "correlationId", n.facts, c.email, c.phone, c.digital_post_enabled AS "digitalPostEnabled", c.language
         FROM claimed JOIN notification n ON n.id = claimed.id LEFT JOIN notification_contact c ON c.citizen_id = n.citizen_id`,
      [asOf, this.batchSize],
    );
    if (due.length === 0) return 0;
    const deliveries: { id: string; notificationId: string; channel: NotificationChannel; recipient: string; nextAttemptAt: Date }[] = [];
    const planned: string[] = [];
    const noContact: string[] = [];
    const waiting: string[] = [];
    const expired: string[] = [];
    const events: EventEnvelope[] = [];
    for (const n of due) {
      if (reminderExpired(n.kind, n.facts, asOf)) {
        expired.push(n.id);
        continue;
      }
      if (n.digitalPostEnabled === null) {
        // Contact details not here yet (the citizen topic is another topic): wait a while, then tell the jobcenter.
        if (asOf.getTime() - new Date(n.createdAt).getTime() < this.contactWaitMs) {
          waiting.push(n.id);
          continue;
        }
      }
      const contact: ContactPreferences = {
        email: n.email,
        phone: n.phone,
        digitalPostEnabled: n.digitalPostEnabled ?? false,
        language: n.language ?? Language.DA,
      };
      const channels = n.digitalPostEnabled === null ? [] : channelsFor(n.kind, contact);
      if (channels.length === 0) {
        noContact.push(n.id);
        // Reminders add nothing for the jobcenter: it was told when the deadline or meeting itself was.
        if (n.kind !== NotificationKind.DEADLINE_REMINDER && n.kind !== NotificationKind.MEETING_REMINDER) {
          events.push(
            createEvent(
              NotificationNoDigitalContactEvent,
              {
                citizenId: n.citizenId,
                jobcenterCode: n.jobcenterCode,
                kind: n.kind,
                ...(n.deadlineId ? { deadlineId: n.deadlineId } : {}),
                ...(n.bookingId ? { bookingId: n.bookingId } : {}),
              },
              { subject: n.citizenId, source: NOTIFICATION_SOURCE, occurredAt: asOf, ...this.causation(n) },
            ),
          );
        }
        continue;
      }
      planned.push(n.id);
      for (const channel of channels) {
        const recipient = channel === NotificationChannel.EMAIL ? contact.email! : channel === NotificationChannel.SMS ? contact.phone! : n.citizenId;
        const nextAttemptAt = channel === NotificationChannel.SMS ? smsAllowedFrom(asOf, this.quiet) : asOf;
        deliveries.push({ id: randomUUID(), notificationId: n.id, channel, recipient, nextAttemptAt });
      }
    }
    if (deliveries.length > 0) {
      await tx.query(
        `INSERT INTO notification_delivery (id, notification_id, channel, recipient, status, next_attempt_at)
         SELECT id, notification_id, channel, recipient, 'pending', next_attempt_at
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) AS t(id, notification_id, channel, recipient, next_attempt_at)
         ON CONFLICT (notification_id, channel) DO NOTHING`,
        [deliveries.map((d) => d.id), deliveries.map((d) => d.notificationId), deliveries.map((d) => d.channel), deliveries.map((d) => d.recipient), deliveries.map((d) => d.nextAttemptAt)],
      );
    }
    if (planned.length) await tx.query(`UPDATE notification SET status = 'planned', updated_at = now() WHERE id = ANY($1::uuid[])`, [planned]);
    if (noContact.length) await tx.query(`UPDATE notification SET status = 'no_contact', updated_at = now() WHERE id = ANY($1::uuid[])`, [noContact]);
    if (expired.length) await tx.query(`UPDATE notification SET status = 'expired', updated_at = now() WHERE id = ANY($1::uuid[])`, [expired]);
    if (waiting.length) {
      await tx.query(`UPDATE notification SET due_at = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [waiting, new Date(asOf.getTime() + this.contactRecheckMs)]);
    }
    if (events.length) await appendToOutbox(tx, events);
    result.planned += planned.length;
    result.noContact += noContact.length;
    result.expired += expired.length;
    // Rows postponed for contact details are no longer due at asOf, so the loop ends.
    return due.length;
  }

  // ── 2. deliver ─────────────────────────────────────────────────────────────────────────────────────
  private async deliverBatch(tx: EntityManager, asOf: Date, result: DeliveryRunResult): Promise<number> {
    const due: DueDelivery[] = await tx.query(
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
      [asOf, this.batchSize],
    );
    if (due.length === 0) return 0;
    const outcomes = await Promise.all(due.map((d) => this.attempt(d, asOf)));
    const events: EventEnvelope[] = [];
    for (let i = 0; i < due.length; i++) {
      const d = due[i];
      const o = outcomes[i];
      const base = {
        citizenId: d.citizenId,
        notificationId: d.notificationId,
        kind: d.kind,
        channel: d.channel,
        ...(d.deadlineId ? { deadlineId: d.deadlineId } : {}),
        ...(d.bookingId ? { bookingId: d.bookingId } : {}),
      };
      const meta = { subject: d.citizenId, source: NOTIFICATION_SOURCE, occurredAt: asOf, ...this.causation(d) };
      if (o.status === 'sent') {
        result.sent++;
        events.push(createEvent(NotificationSentEvent, base, meta));
        this.options.onOutcome?.(d.channel, 'sent');
        if (d.occurredAt) this.options.onDelivered?.(d.channel, d.kind, Math.max(0, (o.sentAt ?? asOf).getTime() - new Date(d.occurredAt).getTime()) / 1000);
      } else if (o.status === 'failed') {
        result.failed++;
        events.push(createEvent(NotificationFailedEvent, { ...base, error: o.lastError ?? 'failed', attempts: Math.max(1, o.attempts), permanent: true }, meta));
        this.options.onOutcome?.(d.channel, 'failed');
      } else if (o.status === 'cancelled') {
        result.expired++;
        this.options.onOutcome?.(d.channel, 'expired');
      } else if (o.attempts > d.attempts) {
        result.retried++;
        this.options.onOutcome?.(d.channel, 'retry');
      } else {
        result.deferred++;
        this.options.onOutcome?.(d.channel, 'deferred');
      }
    }
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
    if (events.length) await appendToOutbox(tx, events);
    return due.length;
  }

  private async attempt(d: DueDelivery, asOf: Date): Promise<Outcome> {
    const keep = { id: d.id, providerId: null, sentAt: null };
    // A reminder held back by retries past its point is dropped, as the plan step drops one due that late.
    if (reminderExpired(d.kind, d.facts, asOf)) return { ...keep, status: 'cancelled', attempts: d.attempts, nextAttemptAt: null, lastError: 'expired: the meeting began or the deadline day ended' };
    if (d.channel === NotificationChannel.SMS) {
      const allowed = smsAllowedFrom(asOf, this.quiet);
      if (allowed > asOf) return { ...keep, status: 'pending', attempts: d.attempts, nextAttemptAt: allowed, lastError: 'deferred: quiet hours' };
    }
    const attempts = d.attempts + 1;
    const fail = (message: string, permanent: boolean): Outcome =>
      permanent || attempts >= this.retry.maxAttempts
        ? { ...keep, status: 'failed', attempts, nextAttemptAt: null, lastError: message }
        : { ...keep, status: 'pending', attempts, nextAttemptAt: new Date(asOf.getTime() + backoffMs(attempts, this.retry)), lastError: message };
    const channel = this.options.channels[d.channel];
    if (!channel) return fail(`channel ${d.channel} is not configured`, true);
    let message: OutgoingMessage;
    try {
      message = this.compose(d, asOf);
    } catch (error) {
      // A template or fact missing: never send a broken message; the test suite is where this must show.
      if (error instanceof MissingTemplateFieldError) return fail(error.message, true);
      throw error;
    }
    // traced: the channel call (SMTP, the gateways' HTTP) joins the trace of the work that scheduled the message
    const span = startSpan(`${d.channel} send`, {
      kind: SpanKind.CLIENT,
      parent: d.traceparent ?? '',
      attributes: { 'selvbook.notification.channel': d.channel, 'selvbook.notification.kind': d.kind, 'selvbook.delivery.attempt': attempts },
    });
    try {
      const sent = await channel.send(message);
      endSpan(span);
      return { id: d.id, status: 'sent', attempts, nextAttemptAt: null, lastError: null, providerId: sent.providerId ?? null, sentAt: this.options.now() };
    } catch (error) {
      endSpan(span, error);
      const e = error instanceof ChannelError ? error : new ChannelError(`${d.channel}: ${(error as Error).message ?? 'failed'}`.slice(0, 300), false);
      return fail(e.message, e.permanent);
    }
  }

  private compose(d: DueDelivery, asOf: Date): OutgoingMessage {
    const language = d.language ?? Language.DA;
    const fields = templateFields(d.facts, language, this.options.bookingUrl, d.jobcenterCode);
    const rendered = renderTemplate(d.template, language, fields);
    let calendar: OutgoingMessage['calendar'];
    if (d.calendar && d.channel !== NotificationChannel.SMS) {
      const startsAt = new Date(d.facts.startsAt!);
      const endsAt = d.facts.endsAt ? new Date(d.facts.endsAt) : new Date(startsAt.getTime() + 3_600_000);
      calendar = {
        method: d.calendar.method,
        filename: d.calendar.method === 'CANCEL' ? 'aflysning.ics' : 'samtale.ics',
        content: buildIcs({
          method: d.calendar.method,
          uid: d.calendar.uid,
          sequence: d.calendar.sequence,
          startsAt,
          endsAt,
          stamp: asOf,
          summary: capitalised(fields.conversation!),
          description: rendered.text,
          location: fields.placeShort ?? d.facts.location ?? '',
          organizerEmail: this.options.organizer.email,
          organizerName: this.options.organizer.name,
          ...(d.channel === NotificationChannel.EMAIL ? { attendeeEmail: d.recipient } : {}),
        }),
      };
    }
    return { deliveryId: d.id, citizenId: d.citizenId, to: d.recipient, language, ...rendered, ...(calendar ? { calendar } : {}) };
  }

  private causation(n: { sourceEventId: string | null; correlationId: string | null }): { correlationId?: string; causationId?: string } {
    return { ...(n.correlationId ? { correlationId: n.correlationId } : {}), ...(n.sourceEventId ? { causationId: n.sourceEventId } : {}) };
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
