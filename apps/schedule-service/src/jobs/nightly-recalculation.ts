import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { COPENHAGEN, localDateOf } from '@selvbook/calendar';
import { Clock, ROOT_LOGGER } from '@selvbook/platform';
import { RecalculateAllUseCase } from '@selvbook/schedule';
import type { Logger } from 'pino';
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

  constructor(
    private readonly recalculateAll: RecalculateAllUseCase,
    private readonly clock: Clock,
    private readonly config: ScheduleConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
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
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: COPENHAGEN, hour: '2-digit', hourCycle: 'h23' }).format(now));
    if (hour < this.config.NIGHTLY_RECALCULATION_HOUR) return;
    this.running = this.recalculateAll
      .execute('nightly')
      .then((summary) => summary.processed > 0 && this.logger.info({ summary }, `nightly recalculation of ${localDateOf(now)} done`))
      .catch((error) => this.logger.error({ err: error }, 'nightly recalculation failed; it resumes at the next check'))
      .finally(() => (this.running = undefined));
  }
}
