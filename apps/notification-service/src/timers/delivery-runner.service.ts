import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { NotificationChannel } from '@selvbook/contracts';
import {
  Channel,
  DeliveryRunner,
  DeliveryRunResult,
  DigitalPostChannel,
  EmailChannel,
  SmsChannel,
} from '@selvbook/notification';
import {
  Clock,
  counterIn,
  DELAY_BUCKETS,
  histogramIn,
  MetricsRegistry,
  ROOT_LOGGER,
  runsBackgroundWork,
} from '@selvbook/platform';
import type { Logger } from 'pino';
import type { Counter, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { NotificationConfig } from '../notification.config';

/**
 * The channels and the delivery timer loop of this replica: started after boot, stopped (finishing its batch)
 * before the pool closes. Readiness does not depend on the SMTP server or the gateways: a channel that is down
 * means retries, not an unready service.
 */
@Injectable()
export class DeliveryRunnerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runner: DeliveryRunner;
  private readonly channels: Channel[];
  private readonly outcomes: Counter<'channel' | 'outcome'>;
  private readonly delay: Histogram<'channel' | 'kind'>;

  constructor(
    dataSource: DataSource,
    clock: Clock,
    metrics: MetricsRegistry,
    @Inject(NotificationConfig) private readonly config: NotificationConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.outcomes = counterIn(metrics.registry, {
      name: 'selvbook_notification_deliveries_total',
      help: 'Delivery attempts by channel and outcome (sent, retry, failed, deferred, expired)',
      labelNames: ['channel', 'outcome'],
    });
    this.delay = histogramIn(metrics.registry, {
      name: 'selvbook_notification_delivery_delay_seconds',
      help:
        "From a message's cause (the event, or a reminder's due " +
        'time) to its delivery being sent, by channel and kind',
      labelNames: ['channel', 'kind'],
      buckets: DELAY_BUCKETS,
    });
    const timeoutMs = config.CHANNEL_TIMEOUT_MS;
    this.channels = [
      new EmailChannel({
        url: config.SMTP_URL,
        from: `"${config.SMTP_FROM_NAME}" <${config.SMTP_FROM_ADDRESS}>`,
        poolSize: config.SMTP_POOL_SIZE,
        timeoutMs,
      }),
      new SmsChannel({ url: config.SMS_GATEWAY_URL, timeoutMs }),
      new DigitalPostChannel({ url: config.DIGITAL_POST_URL, timeoutMs }),
    ];
    this.runner = new DeliveryRunner({
      dataSource,
      channels: Object.fromEntries(this.channels.map((c) => [c.channel, c])) as Record<NotificationChannel, Channel>,
      now: () => clock.now(),
      bookingUrl: config.BOOKING_URL,
      organizer: { email: config.SMTP_FROM_ADDRESS, name: config.SMTP_FROM_NAME },
      retry: { baseMs: config.RETRY_BASE_MS, maxMs: config.RETRY_MAX_MS, maxAttempts: config.MAX_ATTEMPTS },
      quietHours: { startHour: config.QUIET_HOURS_START, endHour: config.QUIET_HOURS_END },
      contactWaitMs: config.CONTACT_WAIT_MS,
      contactRecheckMs: config.CONTACT_RECHECK_MS,
      batchSize: config.DELIVERY_BATCH_SIZE,
      concurrency: config.DELIVERY_CONCURRENCY,
      onError: (error) => this.logger.error({ err: error }, 'delivery run failed; retrying at the next interval'),
      onRun: (r) => this.log(r),
      onOutcome: (channel, outcome) => this.outcomes.inc({ channel, outcome }),
      onDelivered: (channel, kind, seconds) => this.delay.observe({ channel, kind }, seconds),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.DELIVERY_RUNNER_ENABLED && runsBackgroundWork(this.config))
      this.runner.start(this.config.DELIVERY_RUN_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await Promise.all(this.channels.map((c) => c.close()));
  }

  /** A run now (POST /v1/admin/delivery-runs). */
  runNow(): Promise<DeliveryRunResult> {
    return this.runner.runNow();
  }

  private log(r: DeliveryRunResult): void {
    if (r.failed > 0) this.logger.warn({ ...r }, 'delivery run: some deliveries failed permanently');
    else if (r.planned + r.sent + r.retried + r.noContact + r.expired > 0) this.logger.info({ ...r }, 'delivery run');
  }
}
