import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import { OUTBOX_CHANNEL, OUTBOX_WRITTEN } from './outbox';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** Connection string for the relay's own session (LISTEN and the leadership lock live on it). */
  databaseUrl: string;
  producer: Producer;
  logger: Logger;
  serviceName: string;
  metrics?: Registry;
  batchSize?: number;
  /** Fallback poll, in case a NOTIFY is missed (e.g. while the listening session reconnects). */
  pollIntervalMs?: number;
  maxBackoffMs?: number;
  /** Sent rows older than this are deleted. */
  retainSentMs?: number;
  /** After a short batch, how long to let new rows gather before the next read (default 5 ms). */
  lingerMs?: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  also_to: string[];
  key: string;
  payload: string;
  headers: Record<string, string>;
}

/**
 * Publishes the outbox to Kafka in id order. One replica at a time holds the leadership lock
 * (a session advisory lock), which is what keeps per-key order across replicas; the others wait.
 * Kafka down → the batch stays unsent and the relay backs off; nothing is lost, since rows are
 * marked sent only after Kafka acknowledged them (at-least-once; the inbox removes duplicates).
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly retainSentMs: number;
  private readonly lingerMs: number;
  private session?: Client;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pendingWake = false;
  private lastCleanup = 0;
  private producerConnected = false;
  private readonly published?: Counter;
  private readonly failures?: Counter;
  private readonly pending?: Gauge;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.retainSentMs = options.retainSentMs ?? 24 * 3600_000;
    this.lingerMs = options.lingerMs ?? 5;
    if (options.metrics) {
      const registers = [options.metrics];
      this.published = new Counter({ name: 'selvbook_outbox_published_total', help: 'Events published from the outbox', registers });
      this.failures = new Counter({ name: 'selvbook_outbox_publish_failures_total', help: 'Failed publish attempts', registers });
      this.pending = new Gauge({
        name: 'selvbook_outbox_pending',
        help: 'Unsent outbox rows',
        registers,
        collect: async () => {
          const [row] = await options.dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL');
          this.pending?.set(row.n);
        },
      });
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.options.dataSource.subscribers.push(this.commitListener);
    this.loop = this.run();
  }

  /**
   * After a transaction that wrote the outbox commits: wake this relay if it leads, else tell the leading
   * replica with one NOTIFY (outside any writer's transaction, at most one per few milliseconds).
   */
  private readonly commitListener: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      if (!queryRunner.data[OUTBOX_WRITTEN]) return;
      queryRunner.data[OUTBOX_WRITTEN] = false;
      if (this.session) this.wakeUp();
      else this.notifyLeader();
    },
    afterTransactionRollback: ({ queryRunner }) => {
      queryRunner.data[OUTBOX_WRITTEN] = false;
    },
  };

  private notifyPending = false;

  private notifyLeader(): void {
    if (this.notifyPending || !this.running) return;
    this.notifyPending = true;
    setTimeout(() => {
      this.notifyPending = false;
      this.options.dataSource.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`).catch(() => undefined);
    }, 5);
  }

  /** Finishes the batch in flight, then releases leadership. */
  async stop(): Promise<void> {
    this.running = false;
    const subscribers = this.options.dataSource.subscribers;
    if (subscribers.includes(this.commitListener)) subscribers.splice(subscribers.indexOf(this.commitListener), 1);
    this.wakeUp();
    await this.loop;
    await this.session?.end().catch(() => undefined);
    this.session = undefined;
  }

  /** Publishes at most one batch; returns how many events it sent. Exposed for tests and benchmarks. */
  async publishBatch(): Promise<number> {
    const rows = await this.readUnsent('0');
    if (rows.length === 0) return 0;
    await this.send(rows);
    await this.markSent(rows);
    return rows.length;
  }

  /**
   * Publishes until a short batch: batch N+1 is read while batch N is on its way to the broker, and N is
   * marked sent while N+1 is read. Sends stay one at a time and in id order, so per-key order holds.
   * A row that commits behind the read position (a lower id committed late) is found by the next drain,
   * which starts from the lowest unsent id again.
   */
  async drain(): Promise<number> {
    let sent = 0;
    let rows = await this.readUnsent('0');
    while (rows.length > 0) {
      const next = rows.length === this.batchSize && this.running ? this.readUnsent(rows[rows.length - 1].id) : Promise.resolve([]);
      next.catch(() => undefined); // abandoned if the send below fails; the rows stay unsent
      await this.send(rows);
      const [, following] = await Promise.all([this.markSent(rows), next]);
      sent += rows.length;
      rows = following;
    }
    return sent;
  }

  /**
   * The oldest unsent rows after `afterId`, read on the relay's own session when it leads. That session
   * plans with index scans only: after a burst (a nightly recalculation writes 100,000s of rows in
   * minutes) the table's statistics lag behind, and the planner's bitmap scan + sort of every unsent
   * row took seconds per batch instead of milliseconds for walking the partial index in id order.
   */
  private async readUnsent(afterId: string): Promise<OutboxRow[]> {
    const sql = 'SELECT id, topic, also_to, key, payload::text AS payload, headers FROM outbox WHERE sent_at IS NULL AND id > $2 ORDER BY id LIMIT $1';
    // payload as text: it goes to Kafka as it is, without a parse and a stringify per event
    if (this.session) return (await this.session.query(sql, [this.batchSize, afterId])).rows;
    return this.options.dataSource.query(sql, [this.batchSize, afterId]);
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const { producer } = this.options;
    if (!this.producerConnected) {
      await producer.connect();
      this.producerConnected = true;
    }
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const row of rows) {
      const message = { key: row.key, value: row.payload, headers: row.headers };
      for (const topic of row.also_to.length ? [row.topic, ...row.also_to] : [row.topic]) {
        (byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!).push(message);
      }
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  private async markSent(rows: OutboxRow[]): Promise<void> {
    await this.options.dataSource.query('UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
    this.published?.inc(rows.length);
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (this.running) {
      try {
        if (!(await this.holdLeadership())) {
          await this.sleep(this.pollIntervalMs * 2);
          continue;
        }
        const sent = await this.drain();
        backoff = 100;
        await this.cleanupSent();
        if (sent === 0) await this.sleep(this.pollIntervalMs);
        // Under a trickle, wait a moment so the next send carries what commits meanwhile (Kafka's linger.ms):
        // one record batch of many events instead of many of one, which consumers fetch far faster.
        else if (sent < this.batchSize) await this.sleep(this.lingerMs, false);
      } catch (error) {
        this.failures?.inc();
        this.options.logger.warn({ err: error, retryInMs: backoff }, 'outbox relay: publish failed, backing off');
        await this.dropProducerConnection();
        await this.sleep(backoff, false);
        backoff = Math.min(backoff * 2, this.maxBackoffMs);
      }
    }
  }

  /**
   * After a failed publish, start again from a fresh connection: a connection that lived through a network
   * partition can stay half-open and swallow every request until it times out (seen for minutes against
   * the mock broker after an outage). Nothing is lost: unsent rows stay in the outbox.
   */
  private async dropProducerConnection(): Promise<void> {
    if (!this.producerConnected) return;
    this.producerConnected = false;
    await this.options.producer.disconnect().catch(() => undefined);
  }

  /** Opens the relay's session if needed and tries to take the leadership lock on it. */
  private async holdLeadership(): Promise<boolean> {
    if (this.session) return true;
    const session = new Client({ connectionString: this.options.databaseUrl, application_name: `${this.options.serviceName}-outbox-relay` });
    await session.connect();
    const [{ locked }] = (await session.query("SELECT pg_try_advisory_lock(hashtext('selvbook.outbox-relay')) AS locked")).rows;
    if (!locked) {
      await session.end();
      return false;
    }
    session.on('notification', () => this.wakeUp());
    session.on('error', (error) => {
      this.options.logger.warn({ err: error }, 'outbox relay: session lost; leadership released');
      if (this.session === session) this.session = undefined;
      this.wakeUp();
    });
    await session.query(`LISTEN ${OUTBOX_CHANNEL}`);
    await session.query('SET enable_bitmapscan = off; SET enable_seqscan = off');
    this.session = session;
    this.options.logger.info('outbox relay: leading');
    return true;
  }

  private async cleanupSent(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCleanup < 60_000) return;
    this.lastCleanup = now;
    await this.options.dataSource.query(`DELETE FROM outbox WHERE sent_at < now() - ($1::int * interval '1 millisecond')`, [this.retainSentMs]);
  }

  private wakeUp(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  /** Waits `ms`; a NOTIFY cuts the wait short unless we are backing off from a failure. */
  private sleep(ms: number, wakeOnNotify = true): Promise<void> {
    if (!this.running || (wakeOnNotify && this.pendingWake)) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pendingWake = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = wakeOnNotify ? done : () => (this.running ? undefined : done());
    });
  }
}
