import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { counterIn, endSpan, gaugeIn, histogramIn, LATENCY_BUCKETS, SpanKind, startSpan } from '@selvbook/platform';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import { describeFailure } from '../kafka/kafka-client';
import type { KafkaConnectivity } from '../kafka/kafka-connectivity';
import { OUTBOX_CHANNEL, OUTBOX_SHARDS, OUTBOX_WRITTEN } from './outbox';
import type { TopicDirectory } from './topic-directory';

/** The first key of the relays' two-int advisory locks ('SBOX'); the second is the shard. */
export const OUTBOX_SHARD_LOCK_CLASS = 0x53424f58;
/** The first key of the lock one relay takes to send a held topic's events ('SBHD'); the second a hash of the topic. */
export const OUTBOX_HELD_LOCK_CLASS = 0x53424844;

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** Connection string for the relay's own session (LISTEN and the shard locks live on it). */
  databaseUrl: string;
  producer: Producer;
  logger: Logger;
  serviceName: string;
  metrics?: Registry;
  batchSize?: number;
  /** Fallback poll, in case a NOTIFY is missed (e.g. while the listening session reconnects). */
  pollIntervalMs?: number;
  maxBackoffMs?: number;
  /** After a short batch, how long to let new rows gather before the next read (default 5 ms). */
  lingerMs?: number;
  /** How often, at most, the relay counts the live relays and gives up or takes shards (default 1 s). */
  rebalanceIntervalMs?: number;
  /** Told whether the producer could connect and publish (role 'producer'). */
  connectivity?: KafkaConnectivity;
  /**
   * Which recipient topics exist. With it, events for a recipient topic the broker does not list (not created
   * yet, or not the service's to see) are held in `outbox_held` while everything else flows, and sent in order
   * once it is there. Without it (benchmarks, tests of the relay alone) every topic is sent to.
   */
  topics?: TopicDirectory;
  /** How often held topics are looked for again (default 5 s). */
  heldRetryMs?: number;
  /** How often a started relay samples the outbox's backlog and oldest row for its metrics (default 5 s). */
  sampleIntervalMs?: number;
}

interface HeldEvent {
  topic: string;
  row: OutboxRow;
}

/** The backlog gauge counts at most this many rows: a bounded read, however far behind the relay is. */
export const OUTBOX_BACKLOG_CAP = 100_000;

interface OutboxRow {
  id: string;
  event_type: string;
  topic: string;
  also_to: string[];
  key: string;
  payload: string;
  headers: Record<string, string>;
}

/** A relay's fair share of the shards when `liveRelays` relays share them: ceil(16 / n). */
export function outboxShardShare(liveRelays: number): number {
  return Math.ceil(OUTBOX_SHARDS / Math.max(1, liveRelays));
}

/**
 * What a relay holding `held` does to reach `share`: the shards it gives up (beyond its share, the last in
 * its own order from `offset`), and the shards it tries to lock, in that order, until it holds its share.
 */
export function planShards(
  held: ReadonlySet<number>,
  share: number,
  offset: number,
): { release: number[]; candidates: number[] } {
  const order = Array.from({ length: OUTBOX_SHARDS }, (_, i) => (offset + i) % OUTBOX_SHARDS);
  const mine = order.filter((shard) => held.has(shard));
  if (mine.length > share) return { release: mine.slice(share), candidates: [] };
  if (mine.length === share) return { release: [], candidates: [] };
  return { release: [], candidates: order.filter((shard) => !held.has(shard)) };
}

/**
 * Publishes the outbox to Kafka in id order, sharded by key so that every replica publishes a part of it.
 * Each row's shard is a hash of its key (16 shards, a generated column); each relay holds some shards as
 * session advisory locks on its own session and publishes only their rows. A key always falls in the
 * same shard and a shard has one holder at a time, so per-key order holds across replicas. Between
 * drains, never with a batch in flight (every row sent is deleted by then), at most once a second,
 * a relay counts the live relays (sessions with its application_name) and gives up shards beyond its
 * fair share or locks free ones up to it: alone it holds all 16, two split 8/8, and when one dies its
 * session ends, PostgreSQL frees its locks and the others take its shards at their next rebalance.
 * Kafka down → the batch stays unsent and the relay backs off; nothing is lost, since a row is deleted
 * only after Kafka acknowledged it (at-least-once; the inbox removes duplicates). The outbox holds
 * unsent rows only (see OutboxSentDeleted1764500000001).
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly lingerMs: number;
  private readonly rebalanceIntervalMs: number;
  /** What the relay's session is called; the live relays of a service are the sessions of that name. */
  private readonly applicationName: string;
  /** Where this relay starts looking for free shards, so that relays starting together seldom collide. */
  private readonly shardOffset = Math.floor(Math.random() * OUTBOX_SHARDS);
  private readonly held = new Set<number>();
  private nextRebalanceAt = 0;
  private session?: Client;
  private started = false;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pendingWake = false;
  private producerConnected = false;
  private readonly published?: Counter<'type'>;
  private readonly failures?: Counter;
  private readonly shards?: Gauge;
  private readonly heldEvents?: Counter;
  private readonly heldRetryMs: number;
  /** Recipient topics with held events (this relay's view, refreshed from the table): their new events queue behind. */
  private heldTopics = new Set<string>();
  private heldCheckedAt = Number.NEGATIVE_INFINITY;
  private heldReleasedAt = 0;
  private readonly publishDuration?: Histogram;
  private readonly heldBack?: Gauge;
  private sampler?: NodeJS.Timeout;
  /** The last sample: rows unsent (capped), and the oldest one's age in seconds then (performance.now() ms). */
  private sample = { backlog: 0, oldestAgeS: 0, at: 0 };

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.lingerMs = options.lingerMs ?? 5;
    this.rebalanceIntervalMs = options.rebalanceIntervalMs ?? 1000;
    this.heldRetryMs = options.heldRetryMs ?? 5000;
    // PostgreSQL keeps 63 bytes of an application_name; the count of live relays compares against what it keeps.
    this.applicationName = `${options.serviceName}-outbox-relay`.slice(0, 63);
    if (options.metrics) {
      const registry = options.metrics;
      // by event type: the service's domain activity (booking.booked, deadline.expired …) as it reaches Kafka
      this.published = counterIn(registry, {
        name: 'selvbook_outbox_published_total',
        help: 'Events published from the outbox, by event type',
        labelNames: ['type'],
      });
      this.failures = counterIn(registry, {
        name: 'selvbook_outbox_publish_failures_total',
        help: 'Failed publish attempts',
      });
      // Both read the relay's last sample (every few seconds), never the database per scrape; every replica
      // samples the whole outbox, so take max by service, not sum.
      const sampled = () => this.sample;
      gaugeIn(registry, {
        name: 'selvbook_outbox_pending',
        help: `Unsent outbox rows, all shards (sampled every few seconds; counts at most ${OUTBOX_BACKLOG_CAP})`,
        collect() {
          this.set(sampled().backlog);
        },
      });
      gaugeIn(registry, {
        name: 'selvbook_outbox_oldest_unsent_age_seconds',
        help:
          'Age of the oldest unsent outbox row, all shards (0 when ' +
          'none; sampled every few seconds, growing in between)',
        collect() {
          const { backlog, oldestAgeS, at } = sampled();
          this.set(backlog === 0 ? 0 : oldestAgeS + (performance.now() - at) / 1000);
        },
      });
      this.publishDuration = histogramIn(registry, {
        name: 'selvbook_outbox_publish_duration_seconds',
        help: 'Time for Kafka to acknowledge one batch of outbox rows (acks=all), successful batches',
        buckets: LATENCY_BUCKETS,
      });
      this.heldBack = gaugeIn(registry, {
        name: 'selvbook_outbox_held_back_rows',
        help:
          'Rows of the batch the relay last failed to publish (e.g. a ' +
          'topic missing or the broker down); 0 after a publish succeeds',
      });
      this.shards = gaugeIn(registry, {
        name: 'selvbook_outbox_relay_shards',
        help: `Outbox shards this replica's relay publishes (of ${OUTBOX_SHARDS})`,
      });
      this.heldEvents = counterIn(registry, {
        name: 'selvbook_outbox_held_total',
        help:
          'Events held back because their recipient topic does ' +
          'not exist or may not be written (sent later, in order)',
      });
      gaugeIn(registry, {
        name: 'selvbook_outbox_held',
        help: 'Events waiting for their recipient topic',
        async collect() {
          // bounded like the backlog: a scrape never counts a long-missing topic's whole pile
          const [row] = await options.dataSource.query(
            `SELECT count(*)::int AS n FROM (SELECT 1 FROM outbox_held LIMIT ${OUTBOX_BACKLOG_CAP}) capped`,
          );
          this.set(row.n);
        },
      });
    }
  }

  /** The shards this relay holds now, in ascending order. */
  heldShards(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.started = true;
    this.options.dataSource.subscribers.push(this.commitListener);
    this.loop = this.run();
    if (this.options.metrics) this.startSampling();
  }

  /**
   * Samples the outbox for the backlog and age gauges: the oldest row by id (the primary key's first entry)
   * and a count that stops at OUTBOX_BACKLOG_CAP, both bounded however large the outbox grew. A failed read
   * (the database away) keeps the last sample, whose age goes on growing.
   */
  private startSampling(): void {
    const intervalMs = this.options.sampleIntervalMs ?? 5000;
    const tick = async () => {
      await this.sampleOutbox().catch(() => undefined);
      if (this.running) this.sampler = setTimeout(() => void tick(), intervalMs).unref();
    };
    void tick();
  }

  /** Reads the backlog and the oldest unsent row's age now (exposed for tests). */
  async sampleOutbox(): Promise<{ backlog: number; oldestAgeS: number }> {
    const [row] = await this.options.dataSource.query(
      `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM outbox LIMIT ${OUTBOX_BACKLOG_CAP}) capped) AS backlog,
              (SELECT extract(epoch FROM now() - created_at)::float8 FROM outbox ORDER BY id LIMIT 1) AS age`,
    );
    this.sample = { backlog: row.backlog, oldestAgeS: Math.max(0, row.age ?? 0), at: performance.now() };
    return { backlog: this.sample.backlog, oldestAgeS: this.sample.oldestAgeS };
  }

  /**
   * After a transaction that wrote the outbox commits: wake this relay if it holds any shard, and unless it
   * holds all of them, tell the other replicas with one NOTIFY (the rows may be in their shards), sent
   * outside any writer's transaction, at most one per few milliseconds.
   */
  private readonly commitListener: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      if (!queryRunner.data[OUTBOX_WRITTEN]) return;
      queryRunner.data[OUTBOX_WRITTEN] = false;
      if (this.held.size > 0) this.wakeUp();
      if (this.held.size < OUTBOX_SHARDS) this.notifyOthers();
    },
    afterTransactionRollback: ({ queryRunner }) => {
      queryRunner.data[OUTBOX_WRITTEN] = false;
    },
  };

  private notifyPending = false;

  private notifyOthers(): void {
    if (this.notifyPending || !this.running) return;
    this.notifyPending = true;
    setTimeout(() => {
      this.notifyPending = false;
      this.options.dataSource.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`).catch(() => undefined);
    }, 5);
  }

  /** Finishes the batch in flight, then releases its shards (they are locks of its session, which ends). */
  async stop(): Promise<void> {
    this.running = false;
    const subscribers = this.options.dataSource.subscribers;
    if (subscribers.includes(this.commitListener)) subscribers.splice(subscribers.indexOf(this.commitListener), 1);
    this.wakeUp();
    if (this.sampler) clearTimeout(this.sampler);
    await this.loop;
    await this.closeSession();
  }

  /**
   * Publishes at most one batch; returns how many events it sent. Exposed for tests and benchmarks: on a
   * relay that was never started it reads every shard; on a started one, only the shards it holds.
   */
  async publishBatch(): Promise<number> {
    const rows = await this.readUnsent('0');
    if (rows.length === 0) return 0;
    await this.deleteSent(rows, await this.send(rows));
    return rows.length;
  }

  /**
   * Publishes until a short batch: batch N+1 is read while batch N is on its way to the broker, and N is
   * deleted while N+1 is sent. Sends stay one at a time and in id order, so per-key order holds.
   * A row that commits behind the read position (a lower id committed late) is found by the next drain,
   * which starts from the lowest unsent id again. A started relay also ends a drain when a rebalance is
   * due, after deleting what it sent: shards change hands only between drains.
   */
  async drain(): Promise<number> {
    let sent = 0;
    let rows = await this.readUnsent('0');
    // Batch N is deleted while N+1 is on its way to the broker (sends stay one at a time, in id order):
    // that is bookkeeping, and a crash before it commits only resends what the inbox then drops.
    let deleting: Promise<void> = Promise.resolve();
    try {
      // A started relay that lost its session lost its shards with it: what it read is no longer its to send.
      while (rows.length > 0 && (!this.started || this.session)) {
        const more = rows.length === this.batchSize && this.running && Date.now() < this.nextRebalanceAt;
        const next = more ? this.readUnsent(rows[rows.length - 1].id) : Promise.resolve([]);
        next.catch(() => undefined); // abandoned if the send below fails; the rows stay unsent
        const held = await this.send(rows);
        await deleting; // at most one delete in flight
        deleting = this.deleteSent(rows, held);
        deleting.catch(() => undefined); // observed by the next await; unhandled until then
        sent += rows.length;
        rows = await next;
      }
    } finally {
      // Shards are handed over only after what was sent is deleted, so a new holder never resends it.
      await deleting;
    }
    return sent;
  }

  /**
   * The oldest unsent rows of this relay's shards after `afterId`, read on its own session. That session
   * plans with index scans only: after a burst (a nightly recalculation writes 100,000s of rows in
   * minutes) the table's statistics lag behind, and the planner's bitmap scan + sort of every unsent
   * row took seconds per batch instead of milliseconds for walking the primary key in id order (the
   * walk skips other shards' rows; with all 16 shards there is no filter at all).
   */
  private async readUnsent(afterId: string): Promise<OutboxRow[]> {
    const unsent =
      'SELECT id, event_type, topic, also_to, key, payload::text AS payload, headers FROM outbox WHERE id > $2';
    // payload as text: it goes to Kafka as it is, without a parse and a stringify per event
    if (!this.started)
      return this.options.dataSource.query(`${unsent} ORDER BY id LIMIT $1`, [this.batchSize, afterId]);
    const session = this.session;
    if (!session || this.held.size === 0) return [];
    if (this.held.size === OUTBOX_SHARDS)
      return (await session.query(`${unsent} ORDER BY id LIMIT $1`, [this.batchSize, afterId])).rows;
    const shards = [...this.held];
    return (
      await session.query(`${unsent} AND shard = ANY($3::smallint[]) ORDER BY id LIMIT $1`, [
        this.batchSize,
        afterId,
        shards,
      ])
    ).rows;
  }

  private async connectProducer(): Promise<void> {
    if (this.producerConnected) return;
    try {
      await this.options.producer.connect();
    } catch (error) {
      this.options.connectivity?.down('producer', error);
      throw error;
    }
    this.producerConnected = true;
    this.options.connectivity?.up('producer');
  }

  /** Sends the rows to their topics; returns the events it held back instead (recipient topics not there). */
  private async send(rows: OutboxRow[]): Promise<HeldEvent[]> {
    const { producer, connectivity } = this.options;
    await this.connectProducer();
    const blocked = await this.blockedRecipientTopics(rows);
    const held: HeldEvent[] = [];
    const byTopic = new Map<string, { key: string; value: string | Buffer; headers: Record<string, string> }[]>();
    for (const row of rows) {
      // a row for several topics is encoded to UTF-8 once, not once per topic
      const message = {
        key: row.key,
        value: row.also_to.length ? Buffer.from(row.payload) : row.payload,
        headers: row.headers,
      };
      for (const topic of row.also_to.length ? [row.topic, ...row.also_to] : [row.topic]) {
        if (blocked.has(topic)) held.push({ topic, row });
        else (byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!).push(message);
      }
    }
    const started = performance.now();
    // traced: a batch of one trace is a child of it; a batch of many starts its own, linked to theirs
    const traces = new Set(rows.map((r) => r.headers.traceparent?.slice(3, 35)));
    const span = startSpan('outbox publish', {
      kind: SpanKind.PRODUCER,
      parent: traces.size === 1 ? rows[0].headers.traceparent : '',
      links: traces.size === 1 ? [] : rows.slice(0, 128).map((r) => r.headers.traceparent),
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.batch.message_count': rows.length,
      },
    });
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      endSpan(span, error);
      this.heldBack?.set(rows.length);
      connectivity?.down('producer', error);
      throw error;
    }
    endSpan(span);
    this.publishDuration?.observe((performance.now() - started) / 1000);
    this.heldBack?.set(0);
    connectivity?.up('producer');
    return held;
  }

  /**
   * The recipient topics of these rows whose events must wait: those with events held already (they queue
   * behind them, so a topic's events keep their order) and those the broker does not list.
   */
  private async blockedRecipientTopics(rows: OutboxRow[]): Promise<Set<string>> {
    const { topics } = this.options;
    if (!topics || rows.every((r) => r.also_to.length === 0)) return new Set();
    await this.refreshHeldTopics();
    const recipients = new Set(rows.flatMap((r) => r.also_to));
    const missing = await topics.missing([...recipients].filter((t) => !this.heldTopics.has(t)));
    for (const topic of missing) {
      this.options.logger.warn(
        { topic },
        'outbox relay: recipient topic missing or not writable; holding its events, the rest flows',
      );
      this.heldTopics.add(topic);
    }
    return new Set([...recipients].filter((t) => this.heldTopics.has(t)));
  }

  /** What topics have held events, read again at most every heldRetryMs (other replicas hold too). */
  private async refreshHeldTopics(force = false): Promise<void> {
    if (!force && Date.now() - this.heldCheckedAt < this.heldRetryMs) return;
    this.heldCheckedAt = Date.now();
    const rows: { topic: string }[] = await this.options.dataSource.query('SELECT DISTINCT topic FROM outbox_held');
    this.heldTopics = new Set(rows.map((r) => r.topic));
  }

  /**
   * Forgets rows Kafka has acknowledged (the outbox holds unsent rows only), and in the same statement keeps the
   * events held back, per topic in id order.
   */
  private async deleteSent(rows: OutboxRow[], held: HeldEvent[] = []): Promise<void> {
    const ids = rows.map((r) => r.id);
    if (held.length === 0) {
      await this.options.dataSource.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [ids]);
    } else {
      await this.options.dataSource.query(
        `WITH kept AS (
           INSERT INTO outbox_held (topic, key, payload, headers)
           SELECT topic, key, payload, headers::jsonb FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
             WITH ORDINALITY
             AS h(topic, key, payload, headers, n) ORDER BY n)
         DELETE FROM outbox WHERE id = ANY($1::bigint[])`,
        [
          ids,
          held.map((h) => h.topic),
          held.map((h) => h.row.key),
          held.map((h) => h.row.payload),
          held.map((h) => JSON.stringify(h.row.headers)),
        ],
      );
      this.heldEvents?.inc(held.length);
    }
    if (!this.published) return;
    const byType = new Map<string, number>();
    for (const row of rows) byType.set(row.event_type, (byType.get(row.event_type) ?? 0) + 1);
    for (const [type, n] of byType) this.published.inc({ type }, n);
  }

  /**
   * Sends the held events of every held topic the broker now lists, oldest first, a batch per transaction that
   * holds the topic's lock (one relay per topic at a time, so the order holds across replicas). Returns how
   * many it sent.
   */
  async releaseHeld(): Promise<number> {
    const { topics, dataSource, producer } = this.options;
    if (!topics) return 0;
    await this.refreshHeldTopics(true);
    let sent = 0;
    for (const topic of [...this.heldTopics]) {
      if ((await topics.missing([topic])).length > 0) continue;
      for (;;) {
        const batch = await dataSource.transaction(async (tx) => {
          const [{ locked }] = await tx.query('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [
            OUTBOX_HELD_LOCK_CLASS,
            topic,
          ]);
          if (!locked) return 0;
          const rows: { id: string; key: string; payload: string; headers: Record<string, string> }[] = await tx.query(
            'SELECT id, key, payload, headers FROM outbox_held WHERE topic = $1 ORDER BY id LIMIT $2',
            [topic, this.batchSize],
          );
          if (rows.length === 0) return 0;
          await producer.sendBatch({
            acks: -1,
            topicMessages: [
              { topic, messages: rows.map((r) => ({ key: r.key, value: r.payload, headers: r.headers })) },
            ],
          });
          await tx.query('DELETE FROM outbox_held WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
          return rows.length;
        });
        sent += batch;
        if (batch < this.batchSize) break;
      }
      this.options.logger.info({ topic }, 'outbox relay: recipient topic is there; its held events are sent');
    }
    await this.refreshHeldTopics(true);
    return sent;
  }

  private async run(): Promise<void> {
    let backoff = 100;
    let drainDue = true; // woken, new shards taken, or a failure to retry: read the outbox now
    let lastDrain = 0;
    while (this.running) {
      try {
        await this.openSession();
        // at start too, so a broker unreachable at boot is known (and retried) before any write
        await this.connectProducer();
        if (await this.rebalance()) drainDue = true;
        if (this.held.size === 0 || (!drainDue && Date.now() - lastDrain < this.pollIntervalMs)) {
          if (await this.sleep(this.idleMs(lastDrain))) drainDue = true;
          continue;
        }
        // Woken again soon after a drain (every commit, on any replica, wakes every relay): one read per
        // linger at most, so a stream of small commits is sent in batches instead of read row by row.
        const sinceDrain = Date.now() - lastDrain;
        if (sinceDrain < this.lingerMs) await this.sleep(this.lingerMs - sinceDrain, false);
        drainDue = false;
        lastDrain = Date.now();
        const sent = await this.drain();
        // another replica's held topics too (at most every heldRetryMs)
        if (this.options.topics) await this.refreshHeldTopics();
        if (this.heldTopics.size > 0 && Date.now() - this.heldReleasedAt >= this.heldRetryMs) {
          this.heldReleasedAt = Date.now();
          await this.releaseHeld();
        }
        backoff = 100;
        if (sent === 0) {
          if (await this.sleep(this.idleMs(lastDrain))) drainDue = true;
        } else {
          drainDue = true;
          // Under a trickle, wait a moment so the next send carries what commits meanwhile (Kafka's linger.ms):
          // one record batch of many events instead of many of one, which consumers fetch far faster.
          if (sent < this.batchSize) await this.sleep(this.lingerMs, false);
        }
      } catch (error) {
        drainDue = true;
        this.failures?.inc();
        this.options.logger.warn(
          { ...describeFailure(error), retryInMs: backoff },
          'outbox relay: publish failed, backing off',
        );
        await this.dropProducerConnection();
        await this.sleep(backoff, false);
        backoff = Math.min(backoff * 2, this.maxBackoffMs);
      }
    }
  }

  /** How long to wait when idle: until the next rebalance, or the fallback poll if that comes first. */
  private idleMs(lastDrain: number): number {
    const until =
      this.held.size === 0 ? this.nextRebalanceAt : Math.min(this.nextRebalanceAt, lastDrain + this.pollIntervalMs);
    return Math.max(0, until - Date.now());
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

  /** Opens the relay's session (LISTEN, index scans only) if it has none; a new session holds no shards. */
  private async openSession(): Promise<Client> {
    if (this.session) return this.session;
    const session = new Client({ connectionString: this.options.databaseUrl, application_name: this.applicationName });
    const lost = (error?: Error) => {
      if (this.session !== session) return;
      this.session = undefined;
      this.options.logger.warn({ err: error }, 'outbox relay: session lost; its shards are released');
      this.setHeld([]);
      this.wakeUp();
    };
    session.on('error', lost);
    session.on('end', () => lost());
    session.on('notification', () => this.wakeUp());
    try {
      await session.connect();
      await session.query(`LISTEN ${OUTBOX_CHANNEL}`);
      await session.query('SET enable_bitmapscan = off; SET enable_seqscan = off');
    } catch (error) {
      await session.end().catch(() => undefined);
      throw error;
    }
    this.session = session;
    this.nextRebalanceAt = 0;
    return session;
  }

  /**
   * At most once per rebalance interval, and only between drains: counts the live relays of this service
   * (sessions with this relay's application_name in this database), gives up the shards beyond its fair
   * share, or tries to lock free ones until it holds it. Returns whether it took any.
   */
  private async rebalance(): Promise<boolean> {
    const session = this.session;
    if (!session || Date.now() < this.nextRebalanceAt) return false;
    const held = new Set(this.held);
    try {
      const { rows } = await session.query(
        `SELECT count(*)::int AS relays FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = $1`,
        [this.applicationName],
      );
      const share = outboxShardShare(rows[0].relays);
      const { release, candidates } = planShards(held, share, this.shardOffset);
      if (release.length > 0) {
        await session.query('SELECT pg_advisory_unlock($1, shard) FROM unnest($2::int[]) AS shard', [
          OUTBOX_SHARD_LOCK_CLASS,
          release,
        ]);
        for (const shard of release) held.delete(shard);
      }
      for (const shard of candidates) {
        if (held.size >= share) break;
        const [{ locked }] = (
          await session.query('SELECT pg_try_advisory_lock($1, $2) AS locked', [OUTBOX_SHARD_LOCK_CLASS, shard])
        ).rows;
        if (locked) held.add(shard);
      }
    } catch (error) {
      // Which locks the session still holds is uncertain now: end it, which releases them all, and start afresh.
      await this.closeSession();
      throw error;
    }
    this.nextRebalanceAt = Date.now() + this.rebalanceIntervalMs;
    const took = [...held].some((shard) => !this.held.has(shard));
    this.setHeld([...held]);
    return took;
  }

  /** Ends the relay's session, and with it every shard lock it holds. */
  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.setHeld([]);
    await session?.end().catch(() => undefined);
  }

  private setHeld(shards: number[]): void {
    const changed = shards.length !== this.held.size || shards.some((shard) => !this.held.has(shard));
    this.held.clear();
    for (const shard of shards) this.held.add(shard);
    this.shards?.set(this.held.size);
    if (changed)
      this.options.logger.info(
        { shards: this.held.size },
        `outbox relay: publishing ${this.held.size} of ${OUTBOX_SHARDS} shards`,
      );
  }

  private wakeUp(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  /**
   * Waits `ms`; a wake-up (a commit or a NOTIFY) cuts the wait short unless we are backing off from a
   * failure or lingering. Resolves true when cut short by a wake-up (or by stop()).
   */
  private sleep(ms: number, wakeOnNotify = true): Promise<boolean> {
    if (!this.running || (wakeOnNotify && this.pendingWake)) {
      this.pendingWake = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pendingWake = false;
        resolve(woken);
      };
      const timer = setTimeout(() => done(false), ms);
      this.wake = wakeOnNotify ? () => done(true) : () => (this.running ? undefined : done(true));
    });
  }
}
