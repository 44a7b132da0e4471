/**
 * The durable timer loop of the notification service, two steps per run, each in batches claimed with
 * FOR UPDATE SKIP LOCKED (so replicas and concurrent runs never take the same row). The SQL is in
 * persistence/notification-store.ts, the decisions (pure) in delivery-decisions.ts:
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
import type { NotificationChannel, NotificationKind } from '@selvbook/contracts';
import { appendToOutbox } from '@selvbook/messaging';
import { endSpan, SpanKind, startSpan } from '@selvbook/platform';
import type { DataSource, EntityManager, EntitySubscriberInterface } from 'typeorm';
import { ChannelError, ChannelSet, OutgoingMessage } from '../channels/channel';
import { DEFAULT_QUIET_HOURS, QuietHours } from '../domain/quiet-hours';
import { MissingTemplateFieldError } from '../domain/templates';
import {
  claimDueDeliveries,
  claimDueNotifications,
  DeliveryOutcome,
  DueDelivery,
  insertDeliveries,
  postponeNotifications,
  recordOutcomes,
  setNotificationStatus,
} from '../persistence/notification-store';
import { NOTIFICATION_SCHEDULED } from '../use-cases/record-events.usecase';
import {
  composeMessage,
  DEFAULT_RETRY_POLICY,
  failedAttempt,
  outcomeBeforeSending,
  outcomeEvent,
  planNotifications,
  RetryPolicy,
} from './delivery-decisions';

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
    const result: DeliveryRunResult = {
      asOf: asOf.toISOString(),
      planned: 0,
      noContact: 0,
      expired: 0,
      sent: 0,
      retried: 0,
      failed: 0,
      deferred: 0,
    };
    while ((await this.options.dataSource.transaction((tx) => this.planBatch(tx, asOf, result))) > 0);
    // Each batch sees the clock anew: a batch that waited on a slow channel does not send with a stale now.
    await Promise.all(
      Array.from({ length: this.concurrency }, async () => {
        while (
          (await this.options.dataSource.transaction((tx) => this.deliverBatch(tx, this.laterOf(asOf), result))) > 0
        );
      }),
    );
    this.options.onRun?.(result);
    return result;
  }

  private laterOf(asOf: Date): Date {
    const now = this.options.now();
    return now > asOf ? now : asOf;
  }

  // ── 1. plan ──────────────────────────────
  private async planBatch(tx: EntityManager, asOf: Date, result: DeliveryRunResult): Promise<number> {
    const due = await claimDueNotifications(tx, asOf, this.batchSize);
    if (due.length === 0) return 0;
    const plan = planNotifications(due, asOf, { contactWaitMs: this.contactWaitMs, quietHours: this.quiet });
    await insertDeliveries(tx, plan.deliveries);
    await setNotificationStatus(tx, plan.planned, 'planned');
    await setNotificationStatus(tx, plan.noContact, 'no_contact');
    await setNotificationStatus(tx, plan.expired, 'expired');
    await postponeNotifications(tx, plan.waiting, new Date(asOf.getTime() + this.contactRecheckMs));
    if (plan.events.length) await appendToOutbox(tx, plan.events);
    result.planned += plan.planned.length;
    result.noContact += plan.noContact.length;
    result.expired += plan.expired.length;
    // Rows postponed for contact details are no longer due at asOf, so the loop ends.
    return due.length;
  }

  // ── 2. deliver ───────────────────────────
  private async deliverBatch(tx: EntityManager, asOf: Date, result: DeliveryRunResult): Promise<number> {
    const due = await claimDueDeliveries(tx, asOf, this.batchSize);
    if (due.length === 0) return 0;
    const outcomes = await Promise.all(due.map((d) => this.attempt(d, asOf)));
    for (let i = 0; i < due.length; i++) this.count(due[i], outcomes[i], asOf, result);
    await recordOutcomes(tx, outcomes);
    const events = due.flatMap((d, i) => outcomeEvent(d, outcomes[i], asOf) ?? []);
    if (events.length) await appendToOutbox(tx, events);
    return due.length;
  }

  private count(d: DueDelivery, o: DeliveryOutcome, asOf: Date, result: DeliveryRunResult): void {
    if (o.status === 'sent') {
      result.sent++;
      this.options.onOutcome?.(d.channel, 'sent');
      if (d.occurredAt)
        this.options.onDelivered?.(
          d.channel,
          d.kind,
          Math.max(0, (o.sentAt ?? asOf).getTime() - new Date(d.occurredAt).getTime()) / 1000,
        );
    } else if (o.status === 'failed') {
      result.failed++;
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

  private async attempt(d: DueDelivery, asOf: Date): Promise<DeliveryOutcome> {
    const held = outcomeBeforeSending(d, asOf, this.quiet);
    if (held) return held;
    const attempts = d.attempts + 1;
    const fail = (message: string, permanent: boolean) =>
      failedAttempt(d, attempts, message, permanent, asOf, this.retry);
    const channel = this.options.channels[d.channel];
    if (!channel) return fail(`channel ${d.channel} is not configured`, true);
    let message: OutgoingMessage;
    try {
      message = composeMessage(d, asOf, this.options);
    } catch (error) {
      // A template or fact missing: never send a broken message; the test suite is where this must show.
      if (error instanceof MissingTemplateFieldError) return fail(error.message, true);
      throw error;
    }
    // traced: the channel call (SMTP, the gateways' HTTP) joins the trace of the work that scheduled the message
    const span = startSpan(`${d.channel} send`, {
      kind: SpanKind.CLIENT,
      parent: d.traceparent ?? '',
      attributes: {
        'selvbook.notification.channel': d.channel,
        'selvbook.notification.kind': d.kind,
        'selvbook.delivery.attempt': attempts,
      },
    });
    try {
      const sent = await channel.send(message);
      endSpan(span);
      return {
        id: d.id,
        status: 'sent',
        attempts,
        nextAttemptAt: null,
        lastError: null,
        providerId: sent.providerId ?? null,
        sentAt: this.options.now(),
      };
    } catch (error) {
      endSpan(span, error);
      const e =
        error instanceof ChannelError
          ? error
          : new ChannelError(`${d.channel}: ${(error as Error).message ?? 'failed'}`.slice(0, 300), false);
      return fail(e.message, e.permanent);
    }
  }
}
