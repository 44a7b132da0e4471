/**
 * Backbone benchmark: outbox → Kafka → inbox end to end, against the raw kafkajs produce+consume
 * ceiling measured in the same run on the same broker.
 *   node tools/run.js tools/bench/backbone.bench.ts
 */
import { Topics } from '@selvbook/contracts';
import { appendToOutbox, createIdempotentProducer, createKafka, EventConsumer, OutboxRelay } from '@selvbook/messaging';
import { createDataSource } from '@selvbook/persistence';
import { EmbeddedPostgresServer, KafkaMockCluster, TEST_CONSUMER_TUNING } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { EffectsTable1764200000001, paidHoursEvent } from '../../libs/messaging/test/backbone-fixtures';
import { MessagingTables1764200000000 } from '@selvbook/messaging';

const logger = pino({ level: 'silent' });
const TOPIC = Topics.citizen;

export interface BackboneResult {
  rawPerSecond: number;
  /** relay → broker → inbox, from a pre-filled outbox */
  drainPerSecond: number;
  /** writers (16, one event per transaction) → outbox → relay → broker → inbox */
  e2ePerSecond: number;
  ratio: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  offeredPerSecond: number;
}

export async function benchBackbone(opts: { events?: number; offeredPerSecond?: number; latencySeconds?: number } = {}): Promise<BackboneResult> {
  const events = opts.events ?? 20000;
  const offered = opts.offeredPerSecond ?? 1000;
  const latencySeconds = opts.latencySeconds ?? 10;
  const pg = await EmbeddedPostgresServer.start();
  const cluster = KafkaMockCluster.start({ topics: [{ name: TOPIC, partitions: 6 }, { name: `${TOPIC}.dlq`, partitions: 1 }, { name: 'raw', partitions: 6 }] });
  const kafka = createKafka({ clientId: 'bench', brokers: cluster.bootstrapServers.split(','), logger });
  try {
    const rawPerSecond = await rawCeiling(kafka, events);
    await pg.createDatabase('producer');
    await pg.createDatabase('consumer');
    const producerDb = await open(pg.url('producer'), false);
    const consumerDb = await open(pg.url('consumer'), true);
    const citizens = Array.from({ length: 500 }, () => randomUUID());
    const citizens0 = citizens[0];
    const relayProducer = createIdempotentProducer(kafka);
    const relay = new OutboxRelay({ dataSource: producerDb, databaseUrl: pg.url('producer'), producer: relayProducer, logger, serviceName: 'bench', batchSize: 1000 });
    const latencies: number[] = [];
    let measuring = false;
    let applied = 0;
    const dlqProducer = createIdempotentProducer(kafka);
    await dlqProducer.connect();
    const consumer = new EventConsumer({
      kafka, dataSource: consumerDb, producer: dlqProducer, logger, groupId: 'bench', topics: [TOPIC], ...TEST_CONSUMER_TUNING, maxWaitTimeInMs: Number(process.env.BENCH_MAX_WAIT_MS ?? 100),
      handlers: {
        'citizen.paid-hours-reported': async (event, tx) => {
          await tx.query('INSERT INTO effect (event_id, subject, n) VALUES ($1, $2, $3)', [event.id, event.subject, 0]);
          applied++;
          if (measuring) latencies.push(Date.now() - Date.parse(event.occurredAt));
        },
      },
    });
    // Drain rate: a pre-filled outbox through relay, broker and inbox, with no writers competing for CPU.
    const prefill = Math.min(events, 10000);
    await producerDb.query(`INSERT INTO outbox (event_id, event_type, topic, key, payload, headers)
      SELECT gen_random_uuid(), 'citizen.paid-hours-reported', $1, $2, $3::jsonb, '{}'::jsonb FROM generate_series(1, $4)`, [TOPIC, citizens0, JSON.stringify(paidHoursEvent(citizens0, 1)), prefill]);
    await producerDb.query(`UPDATE outbox SET payload = jsonb_set(payload, '{id}', to_jsonb(event_id::text))`);
    await consumer.start();
    const drainStart = Date.now();
    relay.start();
    while (applied < prefill) await sleep(20);
    const drainPerSecond = prefill / ((Date.now() - drainStart) / 1000);
    // Warm up: the first group join takes ~3 s on this broker.
    await producerDb.transaction((tx) => appendToOutbox(tx, [paidHoursEvent(citizens[0], 0)]));
    while (applied < prefill + 1) await sleep(50);

    // Throughput: 16 writers, one event per transaction, as services write them.
    applied = 0;
    const started = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < events) {
        const i = next++;
        await producerDb.transaction((tx) => appendToOutbox(tx, [paidHoursEvent(citizens[i % citizens.length], i % 700)]));
      }
    }));
    while (applied < events) await sleep(20);
    const e2ePerSecond = events / ((Date.now() - started) / 1000);

    // Latency at a fixed offered load.
    measuring = true;
    const total = offered * latencySeconds;
    const t0 = Date.now();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / offered;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      writes.push(producerDb.transaction((tx) => appendToOutbox(tx, [paidHoursEvent(citizens[i % citizens.length], i % 700)])));
    }
    await Promise.all(writes);
    if (process.env.BENCH_DEBUG) {
      const [{ n }] = await producerDb.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL');
      const [{ xacts }] = await consumerDb.query("SELECT xact_commit::int AS xacts FROM pg_stat_database WHERE datname = 'consumer'");
      console.error(`writes done in ${Date.now() - t0} ms; unsent ${n}; applied ${latencies.length}/${total}; consumer commits ${xacts}`);
    }
    while (latencies.length < total) await sleep(20);
    latencies.sort((a, b) => a - b);

    await consumer.stop();
    await relay.stop();
    await relayProducer.disconnect();
    await dlqProducer.disconnect();
    await producerDb.destroy();
    await consumerDb.destroy();
    return {
      rawPerSecond,
      drainPerSecond,
      e2ePerSecond,
      ratio: e2ePerSecond / rawPerSecond,
      latencyP50Ms: latencies[Math.floor(latencies.length * 0.5)],
      latencyP99Ms: latencies[Math.floor(latencies.length * 0.99)],
      offeredPerSecond: offered,
    };
  } finally {
    cluster.stop();
    await pg.stop();
  }
}

/** The ceiling: the same number of same-sized messages produced in batches and consumed by one group. */
async function rawCeiling(kafka: Kafka, count: number): Promise<number> {
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const consumer = kafka.consumer({ groupId: 'raw', ...TEST_CONSUMER_TUNING });
  let received = 0;
  await consumer.connect();
  await consumer.subscribe({ topic: 'raw', fromBeginning: true });
  await consumer.run({ eachBatch: async ({ batch }) => void (received += batch.messages.length) });
  await producer.send({ topic: 'raw', messages: [{ key: 'warm', value: 'up' }] });
  while (received < 1) await sleep(50);
  received = 0;
  const sample = JSON.stringify(paidHoursEvent(randomUUID(), 1));
  const started = Date.now();
  for (let i = 0; i < count; i += 500) {
    await producer.send({ topic: 'raw', acks: -1, messages: Array.from({ length: Math.min(500, count - i) }, (_, j) => ({ key: String((i + j) % 500), value: sample })) });
  }
  while (received < count) await sleep(10);
  const perSecond = count / ((Date.now() - started) / 1000);
  await consumer.disconnect();
  await producer.disconnect();
  return perSecond;
}

async function open(url: string, withEffects: boolean): Promise<DataSource> {
  const ds = createDataSource({ url, applicationName: 'bench', poolSize: 20, migrations: withEffects ? [MessagingTables1764200000000, EffectsTable1764200000001] : [MessagingTables1764200000000] });
  await ds.initialize();
  await ds.runMigrations();
  return ds;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (require.main === module) {
  benchBackbone().then((r) => console.log(JSON.stringify(r, null, 2))).catch((e) => { console.error(e); process.exit(1); });
}
