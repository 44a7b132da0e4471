import { currentContext, endSpan, gaugeIn, histogramIn, LATENCY_BUCKETS, startSpan } from '@selvbook/platform';
import type { Span } from '@opentelemetry/api';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import type { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import type { ReadPool } from './read-pool';

const STARTED = 'selvbookTransactionStartedAt';
const SPAN = 'selvbookTransactionSpan';

/** BaseQueryRunner's nesting depth (protected in its type): 0 outside a transaction, 1 in one, more in savepoints. */
const depthOf = (queryRunner: QueryRunner) => (queryRunner as unknown as { transactionDepth: number }).transactionDepth;

/**
 * The connection pools' state, read from pg's Pool at scrape time (three numbers in memory, no query), and
 * the duration of every transaction from BEGIN to COMMIT or ROLLBACK, by outcome (and,
 * traced, its span). `waiting` above zero for long means the pool (DATABASE_POOL_SIZE,
 * or DATABASE_READ_POOL_SIZE for pool="reads") is the bottleneck.
 */
export function recordDatabaseMetrics(dataSource: DataSource, readPool: ReadPool, registry: Registry): void {
  const pool = () => (dataSource.driver as unknown as { master?: Pool }).master;
  gaugeIn(registry, {
    name: 'selvbook_db_pool_connections',
    help:
      'Database pool connections by pool (main, reads) and state ' +
      '(in_use, idle, waiting: callers waiting for a connection)',
    labelNames: ['pool', 'state'],
    collect() {
      const p = pool();
      if (p) {
        this.set({ pool: 'main', state: 'in_use' }, p.totalCount - p.idleCount);
        this.set({ pool: 'main', state: 'idle' }, p.idleCount);
        this.set({ pool: 'main', state: 'waiting' }, p.waitingCount);
      }
      const reads = readPool.connections;
      if (reads) {
        this.set({ pool: 'reads', state: 'in_use' }, reads.inUse);
        this.set({ pool: 'reads', state: 'idle' }, reads.idle);
        this.set({ pool: 'reads', state: 'waiting' }, reads.waiting);
      }
    },
  });
  const duration = histogramIn(registry, {
    name: 'selvbook_db_transaction_duration_seconds',
    help: 'Database transactions from BEGIN to COMMIT or ROLLBACK, by outcome (commit, rollback)',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
  });
  // a savepoint (a nested transaction) is part of its outer transaction, not one of its own
  const observe = (queryRunner: QueryRunner, outcome: 'commit' | 'rollback') => {
    if (depthOf(queryRunner) > 0) return;
    const started = queryRunner.data[STARTED] as bigint | undefined;
    if (started === undefined) return;
    queryRunner.data[STARTED] = undefined;
    duration.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    const span = queryRunner.data[SPAN] as Span | undefined;
    queryRunner.data[SPAN] = undefined;
    span?.setAttribute('db.transaction.outcome', outcome);
    endSpan(span);
  };
  const subscriber: EntitySubscriberInterface = {
    beforeTransactionStart: ({ queryRunner }) => {
      if (depthOf(queryRunner) > 0) return;
      queryRunner.data[STARTED] = process.hrtime.bigint();
      // traced: a span from BEGIN to COMMIT / ROLLBACK, a child of the request's or event's span; a transaction
      // outside any (a consumer's batch, begun before its events' spans; a runner's) would be a trace of its own
      if (currentContext())
        queryRunner.data[SPAN] = startSpan('db transaction', { attributes: { 'db.system.name': 'postgresql' } });
    },
    afterTransactionCommit: ({ queryRunner }) => observe(queryRunner, 'commit'),
    afterTransactionRollback: ({ queryRunner }) => observe(queryRunner, 'rollback'),
  };
  dataSource.subscribers.push(subscriber);
}
