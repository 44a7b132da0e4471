import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DEADLINE_POLICY, DeadlinePolicy, ExpiryRunner, ExpiryRunResult } from '@selvbook/deadline';
import {
  Clock,
  counterIn,
  gaugeIn,
  histogramIn,
  MetricsRegistry,
  ROOT_LOGGER,
  runsBackgroundWork,
} from '@selvbook/platform';
import type { Logger } from 'pino';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { DeadlineConfig } from '../deadline.config';

/**
 * The expiry timer loop of this replica, started after boot and stopped (finishing its batch) before the pool closes.
 */
@Injectable()
export class ExpiryRunnerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runner: ExpiryRunner;
  private readonly settled: Counter<'outcome'>;
  private readonly runs: Counter<'outcome'>;
  private readonly runDuration: Histogram;
  private readonly lastSuccess: Gauge;

  constructor(
    dataSource: DataSource,
    clock: Clock,
    metrics: MetricsRegistry,
    @Inject(DEADLINE_POLICY) policy: DeadlinePolicy,
    @Inject(DeadlineConfig) private readonly config: DeadlineConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.settled = counterIn(metrics.registry, {
      name: 'selvbook_deadline_settled_total',
      help: 'Deadlines settled by the expiry runner (expired, closed) and immediate-booking flags lapsed',
      labelNames: ['outcome'],
    });
    this.runs = counterIn(metrics.registry, {
      name: 'selvbook_deadline_expiry_runs_total',
      help: 'Expiry runs by outcome (success, failure)',
      labelNames: ['outcome'],
    });
    this.runDuration = histogramIn(metrics.registry, {
      name: 'selvbook_deadline_expiry_run_duration_seconds',
      help: 'Duration of successful expiry runs',
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600],
    });
    // Unix time of the last run that finished, by the wall clock
    // (not the service's Clock): alerts compare it with time()
    this.lastSuccess = gaugeIn(metrics.registry, {
      name: 'selvbook_deadline_expiry_last_success_timestamp_seconds',
      help: 'When the last expiry run of this replica finished without error (Unix time, seconds)',
    });
    this.runner = new ExpiryRunner({
      dataSource,
      policy,
      now: () => clock.now(),
      batchSize: config.EXPIRY_BATCH_SIZE,
      concurrency: config.EXPIRY_CONCURRENCY,
      onError: (error) => {
        this.runs.inc({ outcome: 'failure' });
        this.logger.error({ err: error }, 'expiry run failed; retrying at the next interval');
      },
      onRun: (r, seconds) => this.record(r, seconds),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.EXPIRY_RUNNER_ENABLED && runsBackgroundWork(this.config))
      this.runner.start(this.config.EXPIRY_RUN_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  /** A run now (POST /v1/admin/expiry-runs). */
  async runNow(): Promise<ExpiryRunResult> {
    try {
      return await this.runner.runOnce();
    } catch (error) {
      this.runs.inc({ outcome: 'failure' });
      throw error;
    }
  }

  private record(r: ExpiryRunResult, seconds: number): void {
    this.runs.inc({ outcome: 'success' });
    this.runDuration.observe(seconds);
    this.lastSuccess.set(Date.now() / 1000);
    this.settled.inc({ outcome: 'expired' }, r.expired);
    this.settled.inc({ outcome: 'closed' }, r.closed);
    this.settled.inc({ outcome: 'lapsed' }, r.lapsed);
    if (r.expired + r.closed + r.lapsed > 0) this.logger.info({ ...r }, 'expiry run settled deadlines');
  }
}
