import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DeadlinePolicy, ExpiryRunner, ExpiryRunResult } from '@selvbook/deadline';
import { Clock, MetricsRegistry, ROOT_LOGGER } from '@selvbook/platform';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { DeadlineConfig } from '../deadline.config';
import { DEADLINE_POLICY } from '../tokens';

/** The expiry timer loop of this replica, started after boot and stopped (finishing its batch) before the pool closes. */
@Injectable()
export class ExpiryRunnerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runner: ExpiryRunner;
  private readonly settled: Counter<'outcome'>;

  constructor(
    dataSource: DataSource,
    clock: Clock,
    metrics: MetricsRegistry,
    @Inject(DEADLINE_POLICY) policy: DeadlinePolicy,
    @Inject(DeadlineConfig) private readonly config: DeadlineConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.settled = new Counter({
      name: 'selvbook_deadline_settled_total',
      help: 'Deadlines settled by the expiry runner (expired, closed) and immediate-booking flags lapsed',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.runner = new ExpiryRunner({
      dataSource,
      policy,
      now: () => clock.now(),
      batchSize: config.EXPIRY_BATCH_SIZE,
      concurrency: config.EXPIRY_CONCURRENCY,
      onError: (error) => this.logger.error({ err: error }, 'expiry run failed; retrying at the next interval'),
      onRun: (r) => this.record(r),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.EXPIRY_RUNNER_ENABLED) this.runner.start(this.config.EXPIRY_RUN_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  /** A run now (POST /v1/admin/expiry-runs). */
  async runNow(): Promise<ExpiryRunResult> {
    return this.runner.runOnce();
  }

  private record(r: ExpiryRunResult): void {
    this.settled.inc({ outcome: 'expired' }, r.expired);
    this.settled.inc({ outcome: 'closed' }, r.closed);
    this.settled.inc({ outcome: 'lapsed' }, r.lapsed);
    if (r.expired + r.closed + r.lapsed > 0) this.logger.info({ ...r }, 'expiry run settled deadlines');
  }
}
