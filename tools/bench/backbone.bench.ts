/**
 * Backbone benchmark: outbox → Kafka → inbox end to end, against the raw kafkajs produce+consume
 * ceiling measured in the same run on the same broker.
 *
 * Deployed as it runs in production: the producing service (its writers and its outbox relay) is one
 * process, the consuming service (its EventConsumer and inbox) another; this process hosts PostgreSQL
 * and the broker (three brokers, as the topics' three replicas in k8s/base need) and measures. Each figure
 * is one phase of one run:
 *   - drain: a pre-filled outbox (60,000 events) through relay → broker → inbox + effect, the effect one row
 *     per event written by a batch handler (one statement per run of events). The relay is stopped while
 *     the outbox is filled and the clock starts with it;
 *   - drain, per-event effect: the same with the effect as one statement per event (a round trip each), as a
 *     handler that is not batched writes it (20,000 events: this mock drops a partition's oldest records
 *     past 5 MB, and a consumer this much slower than the relay would fall that far behind with 60,000);
 *   - writers: 16 concurrent writers, one event per transaction, until all are applied;
 *   - latency: a fixed offered load (1,000 events/s for 10 s), from the event's creation in the writer to the effect's commit;
 *   - BENCH_COMPARE=tracing: what tracing costs the drain — two more pairs of services, one exporting spans over
 *     OTLP to a sink and one not, drain in turns (ABBA ABBA) on topics of their own.
 * The ratio is the backbone's own rate (drain) over the raw ceiling: the same messages (key, value and
 * the relay's headers) produced in batches and consumed by one group, with no database, measured before and
 * after the services run; the higher of the two counts.
 *   node tools/run.js tools/bench/backbone.bench.ts
 */
import { EventEnvelope, Topics } from '@selvbook/contracts';
import {
  appendToOutbox,
  createIdempotentProducer,
  createKafka,
  EventConsumer,
  MESSAGING_MIGRATIONS,
  OutboxRelay,
  outboxRowsOf,
} from '@selvbook/messaging';
import { startTracing, stopTracing } from '@selvbook/platform';
import { createDataSource, preparedQuery } from '@selvbook/persistence';
import { EmbeddedPostgresServer, KafkaMockCluster, TEST_CONSUMER_TUNING } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import pino from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { EffectsTable1764200000001, paidHoursEvent, recordEffects } from '../../libs/messaging/test/backbone-fixtures';
import { RoleHandler, RoleProcess, serveRoleIfChild } from './role-process';
import { startTraceSink } from './trace-sink';

const logger = pino({ level: 'silent' });
const TOPIC = Topics.citizen;
/** The per-event-effect drain's own topic, so its consumer group reads only its own events. */
const PER_EVENT_TOPIC = `${Topics.citizen}.bench-per-event`;
/** The tracing comparison's topics: one per pair of services. */
const TRACED_TOPIC = `${Topics.citizen}.bench-traced`;
const UNTRACED_TOPIC = `${Topics.citizen}.bench-untraced`;
const CITIZENS = 500;
const BROKERS = 3;
/**
 * Settings for this broker (librdkafka's mock), measured: it answers a Fetch with one record batch per
 * partition and holds an empty Fetch for the full MaxWait, so the relay lingers under a trickle to send few
 * larger record batches, and the consumer waits briefly on an empty fetch. With one broker (until
 * 2026-11-27) the consumer's single fetcher took the relay's record batches one fetch at a time and fell
 * behind after a hiccup: linger 40 ms / wait 20 ms gave p99 86–110 ms, 10 / 10 fell behind (p50 1.9 s). With
 * three (a fetcher per broker), at 1,000 events/s, three runs each: linger 40 / wait 20 p99 87–111 ms; 25 / 20
 * 77–93; 25 / 10 76–86; 15 / 10 74–88 (p50 26–28). Real Kafka returns every batch at once, and the services
 * keep the library defaults (linger 5 ms).
 */
const RELAY_LINGER_MS = Number(process.env.BENCH_LINGER_MS ?? 15);
const CONSUMER_MAX_WAIT_MS = Number(process.env.BENCH_MAX_WAIT_MS ?? 10);

export interface BackboneResult {
  /** the ceiling: the higher of the two raw measurements below */
  rawPerSecond: number;
  rawBeforePerSecond: number;
  rawAfterPerSecond: number;
  /** relay → broker → inbox, from a pre-filled outbox; the effect written per run of events */
  drainPerSecond: number;
  /** the same with the effect written event by event (a round trip each) */
  drainPerEventEffectPerSecond: number;
  /** drain / raw */
  ratio: number;
  /** writers (16, one event per transaction) → outbox → relay → broker → inbox */
  writersPerSecond: number;
  /** the same writers' commit rate alone (until their last commit), the ceiling of the line above */
  writesOnlyPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** 1 with BENCH_TRACING=on: the roles exported spans to a sink (compare with a run without) */
  tracing: number;
  traceExportRequests?: number;
  offeredPerSecond: number;
  /** BENCH_COMPARE=tracing: the drain of a traced and of an untraced pair of services, in turns */
  drainPerSecondTraced?: number;
  drainPerSecondUntraced?: number;
  tracingCostPercent?: number;
}

type Command =
  | { cmd: 'prefill'; count: number; topic: string }
  | { cmd: 'startRelay' }
  | { cmd: 'stopRelay' }
  | { cmd: 'write'; count: number; writers: number; topic?: string }
  | { cmd: 'offer'; perSecond: number; seconds: number }
  | { cmd: 'startConsumer'; topic: string; perEventEffect: boolean }
  | { cmd: 'stopConsumer' }
  | { cmd: 'applied' }
  | { cmd: 'measure' }
  | { cmd: 'latencies' }
  | { cmd: 'stop' };

/** A forked child playing the producing or the consuming service. */
class Role extends RoleProcess {
  constructor(role: 'producer' | 'consumer', brokers: string, databaseUrl: string, env?: NodeJS.ProcessEnv) {
    super(__filename, role, [brokers, databaseUrl], env);
  }
  override call<T = void>(command: Command): Promise<T> {
    return super.call<T>(command);
  }
}

/** A producing and a consuming service, each a process of its own with its own database. */
class Pipeline {
  /** events the current consumer applied before this phase */
  private applied = 0;

  private constructor(
    readonly producing: Role,
    readonly consuming: Role,
  ) {}

  static async start(
    pg: EmbeddedPostgresServer,
    brokers: string,
    name: string,
    env?: NodeJS.ProcessEnv,
  ): Promise<Pipeline> {
    await pg.createDatabase(`${name}_producer`);
    await pg.createDatabase(`${name}_consumer`);
    const pipeline = new Pipeline(
      new Role('producer', brokers, pg.url(`${name}_producer`), env),
      new Role('consumer', brokers, pg.url(`${name}_consumer`), env),
    );
    await Promise.all([pipeline.producing.ready, pipeline.consuming.ready]);
    return pipeline;
  }

  /** Waits until the consumer applied `n` more; fails instead of hanging if it stops making progress. */
  async appliedAtLeast(n: number): Promise<void> {
    for (
      let last = -1, since = Date.now(), now;
      (now = await this.consuming.call<number>({ cmd: 'applied' })) < this.applied + n;
      await sleep(20)
    ) {
      if (now !== last) [last, since] = [now, Date.now()];
      else if (Date.now() - since > 15_000)
        throw new Error(`backbone: the consumer stalled at ${now - this.applied} of ${n} events`);
    }
    this.applied += n;
  }

  /** Fills the outbox with the relay stopped, then times relay → broker → inbox until all are applied. */
  async drain(count: number, topic: string): Promise<number> {
    await this.producing.call({ cmd: 'stopRelay' });
    await this.producing.call({ cmd: 'prefill', count, topic });
    const started = Date.now();
    await this.producing.call({ cmd: 'startRelay' });
    await this.appliedAtLeast(count);
    return count / ((Date.now() - started) / 1000);
  }

  /** A consumer of `topic` (its own group), warmed up: the first group join takes a few seconds on this broker. */
  async startConsumer(topic: string, perEventEffect: boolean): Promise<void> {
    await this.consuming.call({ cmd: 'startConsumer', topic, perEventEffect });
    this.applied = 0;
    await this.producing.call({ cmd: 'write', count: 1, writers: 1, topic });
    await this.producing.call({ cmd: 'startRelay' });
    await this.appliedAtLeast(1);
  }

  async stopConsumer(): Promise<void> {
    await this.consuming.call({ cmd: 'stopConsumer' });
  }

  stop(): Promise<unknown> {
    return Promise.all([this.producing.stop(), this.consuming.stop()]);
  }

  kill(): void {
    this.producing.kill();
    this.consuming.kill();
  }
}

/**
 * The drain of a pair of services exporting spans (to a sink that drops them) against an untraced pair's,
 * in turns ABBA ABBA so a drift of the machine weighs on both alike; each pair warmed up first.
 */
async function compareTracing(
  pg: EmbeddedPostgresServer,
  cluster: KafkaMockCluster,
  events: number,
  pipelines: Pipeline[],
) {
  // made now, not with the others: idle partitions on this broker lengthened the latency phase's tail
  for (const topic of [TRACED_TOPIC, UNTRACED_TOPIC]) {
    cluster.createTopic(topic, 6);
    cluster.createTopic(`${topic}.dlq`, 1);
  }
  const brokers = cluster.bootstrapServers;
  const sink = (await startTraceSink(true))!;
  try {
    const untracedEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
    const traced = await Pipeline.start(pg, brokers, 'traced', { ...untracedEnv, ...sink.env });
    pipelines.push(traced);
    const untraced = await Pipeline.start(pg, brokers, 'untraced', untracedEnv);
    pipelines.push(untraced);
    await traced.startConsumer(TRACED_TOPIC, false);
    await untraced.startConsumer(UNTRACED_TOPIC, false);
    const seconds = { traced: 0, untraced: 0 };
    const perRound = Math.floor(events / 2);
    for (let round = 0; round < 8; round++) {
      const tracedTurn = round % 4 === 0 || round % 4 === 3;
      const perSecond = tracedTurn
        ? await traced.drain(perRound, TRACED_TOPIC)
        : await untraced.drain(perRound, UNTRACED_TOPIC);
      seconds[tracedTurn ? 'traced' : 'untraced'] += perRound / perSecond;
    }
    await Promise.all([traced.stop(), untraced.stop()]); // the traced pair's last spans reach the sink
    const drainPerSecondTraced = (4 * perRound) / seconds.traced;
    const drainPerSecondUntraced = (4 * perRound) / seconds.untraced;
    return {
      drainPerSecondTraced,
      drainPerSecondUntraced,
      tracingCostPercent: Number(
        (((drainPerSecondUntraced - drainPerSecondTraced) / drainPerSecondUntraced) * 100).toFixed(1),
      ),
      traceExportRequests: sink.exports().requests,
    };
  } finally {
    await sink.stop();
  }
}

export async function benchBackbone(
  opts: { events?: number; drainEvents?: number; offeredPerSecond?: number; latencySeconds?: number } = {},
): Promise<BackboneResult> {
  const events = opts.events ?? 20000;
  const drainEvents = opts.drainEvents ?? Number(process.env.BENCH_DRAIN_EVENTS ?? 60000);
  const perEventDrainEvents = Math.min(drainEvents, 20000);
  const offered = opts.offeredPerSecond ?? 1000;
  const latencySeconds = opts.latencySeconds ?? 10;
  const pg = await EmbeddedPostgresServer.start();
  const cluster = KafkaMockCluster.start({
    brokers: BROKERS,
    topics: [
      { name: TOPIC, partitions: 6 },
      { name: `${TOPIC}.dlq`, partitions: 1 },
      { name: PER_EVENT_TOPIC, partitions: 6 },
      { name: `${PER_EVENT_TOPIC}.dlq`, partitions: 1 },
      { name: 'raw-before', partitions: 6 },
      { name: 'raw-after', partitions: 6 },
    ],
  });
  const brokers = cluster.bootstrapServers;
  const pipelines: Pipeline[] = [];
  // BENCH_TRACING=on: the roles (forked with this environment) export their spans to a sink
  const traces = await startTraceSink();
  if (traces) Object.assign(process.env, traces.env);
  try {
    const raw = createKafka({ clientId: 'bench', brokers: brokers.split(','), logger });
    const rawBefore = await rawCeiling(raw, drainEvents, 'raw-before');
    const main = await Pipeline.start(pg, brokers, 'main');
    pipelines.push(main);
    const { producing, consuming } = main;

    await main.startConsumer(TOPIC, false);
    const drainPerSecond = await main.drain(drainEvents, TOPIC);

    const writersStart = Date.now();
    await producing.call({ cmd: 'write', count: events, writers: 16 });
    const writesOnlyPerSecond = events / ((Date.now() - writersStart) / 1000);
    await main.appliedAtLeast(events);
    const writersPerSecond = events / ((Date.now() - writersStart) / 1000);

    await consuming.call({ cmd: 'measure' });
    await producing.call({ cmd: 'offer', perSecond: offered, seconds: latencySeconds });
    await main.appliedAtLeast(offered * latencySeconds);
    const latencies = (await consuming.call<number[]>({ cmd: 'latencies' })).sort((a, b) => a - b);

    await main.stopConsumer();
    await main.startConsumer(PER_EVENT_TOPIC, true);
    const drainPerEventEffectPerSecond = await main.drain(perEventDrainEvents, PER_EVENT_TOPIC);
    await main.stop();
    pipelines.splice(pipelines.indexOf(main), 1);

    const tracingComparison =
      process.env.BENCH_COMPARE === 'tracing'
        ? await compareTracing(pg, cluster, perEventDrainEvents, pipelines)
        : undefined;
    await Promise.all(pipelines.map((p) => p.stop()));
    const rawAfter = await rawCeiling(raw, drainEvents, 'raw-after');
    const rawPerSecond = Math.max(rawBefore, rawAfter);
    return {
      rawPerSecond,
      rawBeforePerSecond: rawBefore,
      rawAfterPerSecond: rawAfter,
      drainPerSecond,
      drainPerEventEffectPerSecond,
      ratio: drainPerSecond / rawPerSecond,
      writersPerSecond,
      writesOnlyPerSecond,
      latencyP50Ms: latencies[Math.floor(latencies.length * 0.5)],
      latencyP99Ms: latencies[Math.floor(latencies.length * 0.99)],
      offeredPerSecond: offered,
      tracing: traces ? 1 : 0,
      ...(traces ? { traceExportRequests: traces.exports().requests } : {}),
      ...(tracingComparison ?? {}),
    };
  } finally {
    for (const pipeline of pipelines) pipeline.kill();
    await traces?.stop();
    cluster.stop();
    await pg.stop();
  }
}

/** The producing service: writers append to the outbox in their own transactions; its relay publishes. */
async function producerRole([brokers, databaseUrl]: string[]): Promise<RoleHandler> {
  startTracing('bench-producer'); // only with BENCH_TRACING=on (the OTEL_* variables set)
  const db = await open(databaseUrl, false);
  const kafka = createKafka({ clientId: 'bench-producer', brokers: brokers.split(','), logger });
  const producer = createIdempotentProducer(kafka);
  const relay = new OutboxRelay({
    dataSource: db,
    databaseUrl,
    producer,
    logger,
    serviceName: 'bench',
    batchSize: 1000,
    lingerMs: RELAY_LINGER_MS,
  });
  const citizens = Array.from({ length: CITIZENS }, () => randomUUID());
  let n = 0;
  const writeOne = (topic: string = TOPIC) => {
    const i = n++;
    return db.transaction((tx) =>
      appendToOutbox(tx, [{ event: paidHoursEvent(citizens[i % CITIZENS], i % 700), topic }]),
    );
  };
  return async (command) => {
    const c = command as Command;
    switch (c.cmd) {
      case 'startRelay':
        relay.start();
        return;
      case 'stopRelay':
        await relay.stop();
        return;
      case 'prefill': {
        // Real events (own ids, valid against the contract), written in large transactions before the clock starts.
        for (let done = 0; done < c.count; done += 1000) {
          const batch = Array.from({ length: Math.min(1000, c.count - done) }, () => ({
            event: paidHoursEvent(citizens[n % CITIZENS], n++ % 700),
            topic: c.topic,
          }));
          await db.transaction((tx) => appendToOutbox(tx, batch));
        }
        return;
      }
      case 'write': {
        let left = c.count;
        await Promise.all(
          Array.from({ length: c.writers }, async () => {
            while (left-- > 0) await writeOne(c.topic);
          }),
        );
        return;
      }
      case 'offer': {
        const total = c.perSecond * c.seconds;
        const t0 = Date.now();
        const writes: Promise<unknown>[] = [];
        for (let i = 0; i < total; i++) {
          const wait = t0 + (i * 1000) / c.perSecond - Date.now();
          if (wait > 0) await sleep(wait);
          writes.push(writeOne());
        }
        await Promise.all(writes);
        return;
      }
      case 'stop':
        await relay.stop();
        await producer.disconnect();
        await db.destroy();
        await stopTracing(); // the spans still buffered, sent
        return;
      default:
        throw new Error(`producer: unknown command ${c.cmd}`);
    }
  };
}

/**
 * The consuming service: EventConsumer with its inbox; the effect is one row per event, written by a batch
 * handler as one statement per run of events, or (perEventEffect) by a handler as one statement per event.
 */
async function consumerRole([brokers, databaseUrl]: string[]): Promise<RoleHandler> {
  startTracing('bench-consumer');
  const db = await open(databaseUrl, true);
  const kafka = createKafka({ clientId: 'bench-consumer', brokers: brokers.split(','), logger });
  const dlqProducer = createIdempotentProducer(kafka);
  let applied = 0;
  let measuring = false;
  const latencies: number[] = [];
  let consumer: EventConsumer | undefined;
  /** Counted when the transaction commits, not before. */
  const count = (events: EventEnvelope[], tx: EntityManager) => {
    const data = tx.queryRunner!.data;
    data.benchApplied = ((data.benchApplied as number) ?? 0) + events.length;
    if (measuring) ((data.benchLatencies ??= []) as number[]).push(...events.map((e) => Date.parse(e.occurredAt)));
  };
  const consumerFor = (topic: string, perEventEffect: boolean) =>
    new EventConsumer({
      kafka,
      dataSource: db,
      producer: dlqProducer,
      logger,
      groupId: `bench-${topic}`,
      topics: [topic],
      ...TEST_CONSUMER_TUNING,
      maxWaitTimeInMs: CONSUMER_MAX_WAIT_MS,
      partitionsConsumedConcurrently: 6, // every partition of the topic at once
      chunkSize: 1000,
      ...(perEventEffect
        ? {
            handlers: {
              'citizen.paid-hours-reported': async (event, tx) => {
                await preparedQuery(tx, 'INSERT INTO effect (event_id, subject, n) VALUES ($1, $2, $3)', [
                  event.id,
                  event.subject,
                  (event.data as { hours: number }).hours,
                ]);
                count([event], tx);
              },
            },
          }
        : {
            handlers: {},
            batchHandlers: {
              'citizen.paid-hours-reported': async (events, tx) => {
                await recordEffects(events, tx);
                count(events, tx);
              },
            },
          }),
    });
  db.subscribers.push({
    afterTransactionCommit: ({ queryRunner }) => {
      const now = Date.now();
      applied += (queryRunner.data.benchApplied as number) ?? 0;
      for (const occurred of (queryRunner.data.benchLatencies as number[]) ?? []) latencies.push(now - occurred);
      queryRunner.data.benchApplied = 0;
      queryRunner.data.benchLatencies = [];
    },
    afterTransactionRollback: ({ queryRunner }) => {
      queryRunner.data.benchApplied = 0;
      queryRunner.data.benchLatencies = [];
    },
  });
  await dlqProducer.connect();
  return async (command) => {
    const c = command as Command;
    switch (c.cmd) {
      case 'startConsumer':
        consumer = consumerFor(c.topic, c.perEventEffect);
        await consumer.start();
        return;
      case 'stopConsumer':
        await consumer?.stop();
        consumer = undefined;
        applied = 0;
        measuring = false;
        return;
      case 'applied':
        return applied;
      case 'measure':
        measuring = true;
        return;
      case 'latencies':
        return latencies;
      case 'stop':
        await consumer?.stop();
        await dlqProducer.disconnect();
        await db.destroy();
        await stopTracing(); // the spans still buffered, sent
        return;
      default:
        throw new Error(`consumer: unknown command ${c.cmd}`);
    }
  };
}

/**
 * The ceiling: the same number of the relay's messages (an event's key, JSON and the outbox's headers)
 * produced in batches and consumed by one group.
 */
async function rawCeiling(kafka: Kafka, count: number, topic: string): Promise<number> {
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const consumer = kafka.consumer({ groupId: topic, ...TEST_CONSUMER_TUNING });
  let received = 0;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachBatch: async ({ batch }) => void (received += batch.messages.length) });
  await producer.send({ topic, messages: [{ key: 'warm', value: 'up' }] });
  while (received < 1) await sleep(50);
  received = 0;
  const [row] = outboxRowsOf([paidHoursEvent(randomUUID(), 1)]);
  const value = JSON.stringify(row.payload);
  const started = Date.now();
  for (let i = 0; i < count; i += 500) {
    // At most 10,000 ahead of the consumer: this mock drops a partition's oldest records once its log grows
    // past a limit, and a consumer that far behind would never see them (60,000 unthrottled hung the run).
    while (i - received > 10_000) await sleep(2);
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
        key: String((i + j) % 500),
        value,
        headers: row.headers,
      })),
    });
  }
  for (let last = received, since = Date.now(); received < count; await sleep(10)) {
    if (received !== last) [last, since] = [received, Date.now()];
    else if (Date.now() - since > 10_000)
      throw new Error(`raw ceiling: the consumer stalled at ${received} of ${count} messages`);
  }
  const perSecond = count / ((Date.now() - started) / 1000);
  await consumer.disconnect();
  await producer.disconnect();
  return perSecond;
}

async function open(url: string, withEffects: boolean): Promise<DataSource> {
  const ds = createDataSource({
    url,
    applicationName: 'bench',
    poolSize: 20,
    migrations: withEffects ? [...MESSAGING_MIGRATIONS, EffectsTable1764200000001] : MESSAGING_MIGRATIONS,
  });
  await ds.initialize();
  await ds.runMigrations();
  return ds;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (require.main === module && !serveRoleIfChild({ producer: producerRole, consumer: consumerRole })) {
  benchBackbone()
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
