import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { COPENHAGEN, localDateOf } from '@selvbook/calendar';
import { Clock, counterIn, gaugeIn, MetricsRegistry, ROOT_LOGGER, runsBackgroundWork } from '@selvbook/platform';
import { RecalculateAllUseCase } from '@selvbook/schedule';
import type { Logger } from 'pino';
import type { Counter, Gauge } from 'prom-client';
import { ScheduleConfig } from '../schedule.config';

/**
 * Once per Copenhagen local date, after NIGHTLY_RECALCULATION_HOUR: keyed on the local date, not on a
 * timer, so the DST nights neither skip nor repeat it. The run is resumable and one per date across
 * replicas (see RecalculateAllUseCase). A regime's first day (2020-01-01, 2024-01-01) is such a night.
 */
@Injectable()
export class NightlyRecalculation implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly courses: Counter<'outcome'>;
  private readonly active: Gauge;
  private readonly lastSuccess: Gauge;
  /** The last local date whose run this replica saw finished (its success is recorded once). */
  private finishedDate?: string;

  constructor(
    private readonly recalculateAll: RecalculateAllUseCase,
    private readonly clock: Clock,
    private readonly config: ScheduleConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.courses = counterIn(metrics.registry, {
      name: 'selvbook_schedule_recalculation_courses_total',
      help:
        'Courses recalculated by the nightly run in this replica, ' +
        'by outcome (processed, published: schedule changed, failed)',
      labelNames: ['outcome'],
    });
    this.active = gaugeIn(metrics.registry, {
      name: 'selvbook_schedule_recalculation_running',
      help: '1 while this replica works on a nightly recalculation',
    });
    this.lastSuccess = gaugeIn(metrics.registry, {
      name: 'selvbook_schedule_recalculation_last_success_timestamp_seconds',
      help: 'When this replica first saw the nightly recalculation of a date finished (Unix time, seconds, wall clock)',
    });
  }

  onApplicationBootstrap(): void {
    if (!runsBackgroundWork(this.config)) return;
    this.timer = setInterval(() => this.tick(), this.config.NIGHTLY_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    const now = this.clock.now();
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { timeZone: COPENHAGEN, hour: '2-digit', hourCycle: 'h23' }).format(now),
    );
    if (hour < this.config.NIGHTLY_RECALCULATION_HOUR) return;
    const date = localDateOf(now);
    if (this.finishedDate !== date) this.active.set(1);
    this.running = this.recalculateAll
      .execute('nightly', {
        onBatch: (b) => {
          this.courses.inc({ outcome: 'processed' }, b.processed);
          this.courses.inc({ outcome: 'published' }, b.published);
          this.courses.inc({ outcome: 'failed' }, b.failed);
        },
      })
      .then((summary) => {
        if (summary.finished && this.finishedDate !== date) {
          this.finishedDate = date;
          this.lastSuccess.set(Date.now() / 1000);
        }
        if (summary.processed > 0) this.logger.info({ summary }, `nightly recalculation of ${date} done`);
      })
      .catch((error) => this.logger.error({ err: error }, 'nightly recalculation failed; it resumes at the next check'))
      .finally(() => {
        this.active.set(0);
        this.running = undefined;
      });
  }
}
