import { createEvent, dlqTopic, EventEnvelope, findEventDefinition, Topics, topicsFor } from '@selvbook/contracts';
import { createTestDatabase, eventually, KafkaMockCluster, TEST_CONSUMER_TUNING } from '@selvbook/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { appendToOutbox, createIdempotentProducer, createKafka, EventConsumer, EventHandler, Header, NonRetryableError, OutboxRelay } from '../src';
import { openTestDataSource, paidHoursEvent, recordEffect, silentLogger } from './backbone-fixtures';

let topicCount = 0;
const ROOT = join(__dirname, '..', '..', '..');

describe('event backbone: outbox → Kafka → inbox, over real PostgreSQL and the Kafka-protocol broker', () => {
  let cluster: KafkaMockCluster;
  let kafka: Kafka;
  let producerDb: DataSource;
  let producerDbUrl: string;
  let relayProducer: Producer;
  let relay: OutboxRelay;
  const stoppables: { stop(): Promise<unknown> }[] = [];

  beforeAll(async () => {
    cluster = KafkaMockCluster.start();
    kafka = createKafka({ clientId: 'backbone-test', brokers: cluster.bootstrapServers.split(','), logger: silentLogger });
    producerDbUrl = await createTestDatabase('backbone_producer');
    producerDb = await openTestDataSource(producerDbUrl, false);
    relayProducer = createIdempotentProducer(kafka);
    relay = new OutboxRelay({ dataSource: producerDb, databaseUrl: producerDbUrl, producer: relayProducer, logger: silentLogger, serviceName: 'producer', pollIntervalMs: 30000, maxBackoffMs: 500 });
    // A 30 s poll: every test below would time out unless commits wake the relay.
    relay.start();
  });

  afterAll(async () => {
    for (const s of stoppables.reverse()) await s.stop().catch(() => undefined);
    await relay.stop();
    await relayProducer.disconnect();
    await producerDb.destroy();
    cluster.stop();
  });

  /** Each test gets its own topic (and DLQ), so no test sees another's events. */
  function newTopic(): string {
    const topic = `${Topics.citizen}.test${++topicCount}`;
    cluster.createTopic(topic, 3);
    cluster.createTopic(dlqTopic(topic), 1);
    return topic;
  }

  /** A consumer service with its own database and an effect table without a unique key. */
  async function startConsumer(TOPIC: string, handler: EventHandler = recordEffect, overrides: Partial<ConstructorParameters<typeof EventConsumer>[0]> = {}) {
    const db = await openTestDataSource(await createTestDatabase('backbone_consumer'), true);
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    const consumer = new EventConsumer({
      kafka, dataSource: db, producer, logger: silentLogger, groupId: `consumer-${randomUUID()}`, topics: [TOPIC],
      handlers: { 'citizen.paid-hours-reported': handler }, initialBackoffMs: 20, ...TEST_CONSUMER_TUNING, ...overrides,
    });
    await consumer.start();
    stoppables.push({ stop: () => consumer.stop() }, { stop: () => producer.disconnect() }, { stop: () => db.destroy() });
    return { db, consumer };
  }

  async function publish(topic: string, events: EventEnvelope[]): Promise<void> {
    await producerDb.transaction((tx) => appendToOutbox(tx, events.map((event) => ({ event, topic }))));
  }

  const effects = (db: DataSource): Promise<{ event_id: string; subject: string; n: number }[]> =>
    db.query('SELECT event_id, subject, n FROM effect ORDER BY seq');

  it('applies each event once, also when the same event is delivered twice', async () => {
    const TOPIC = newTopic();
    const { db } = await startConsumer(TOPIC);
    const citizens = [randomUUID(), randomUUID(), randomUUID()];
    const events = Array.from({ length: 60 }, (_, i) => paidHoursEvent(citizens[i % 3], i));
    await publish(TOPIC, events);
    await eventually(async () => expect(await effects(db)).toHaveLength(60));

    // Redeliver every event: same ids, straight onto the topic, as a relay retry or a rebalance would.
    const raw = createIdempotentProducer(kafka);
    await raw.connect();
    await raw.send({ topic: TOPIC, messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })) });
    await raw.disconnect();
    const marker = paidHoursEvent(citizens[0], 700);
    await publish(TOPIC, [marker]);
    await eventually(async () => expect((await effects(db)).map((e) => e.event_id)).toContain(marker.id));

    const rows = await effects(db);
    expect(rows).toHaveLength(61);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(61);
    const [{ n }] = await producerDb.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL');
    expect(n).toBe(0);
  });

  it('writes an event for several topics as one outbox row and delivers it to each of them', async () => {
    const definition = findEventDefinition('deadline.opened', 1)!;
    const citizenId = randomUUID();
    const event = createEvent(definition, { ...definition.example!, citizenId } as never, { subject: citizenId, source: 'backbone-test' });
    const topics = topicsFor(definition, event.data as object);
    expect(topics).toEqual([Topics.deadline, 'selvbook.jobcenter.10101.v1']);
    for (const topic of topics) cluster.createTopic(topic, 3);
    await producerDb.transaction((tx) => appendToOutbox(tx, [event]));
    const rows = await producerDb.query('SELECT topic, also_to FROM outbox WHERE event_id = $1', [event.id]);
    expect(rows).toEqual([{ topic: Topics.deadline, also_to: ['selvbook.jobcenter.10101.v1'] }]);

    const seen = new Map<string, string[]>();
    const reader = kafka.consumer({ groupId: `fan-out-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
    stoppables.push({ stop: () => reader.disconnect() });
    await reader.connect();
    await reader.subscribe({ topics, fromBeginning: true });
    await reader.run({ eachMessage: async ({ topic, message }) => void seen.set(topic, [...(seen.get(topic) ?? []), JSON.parse(String(message.value)).id]) });
    await eventually(async () => {
      for (const topic of topics) expect(seen.get(topic)).toContain(event.id);
    });
  });

  it('under a trickle of commits, lingers so one send carries several events', async () => {
    const TOPIC = newTopic();
    const url = await createTestDatabase('backbone_linger');
    const db = await openTestDataSource(url, false);
    const producer = createIdempotentProducer(kafka);
    let sends = 0;
    const sendBatch = producer.sendBatch.bind(producer);
    producer.sendBatch = (batch) => {
      sends++;
      return sendBatch(batch);
    };
    const lingering = new OutboxRelay({ dataSource: db, databaseUrl: url, producer, logger: silentLogger, serviceName: 'linger', lingerMs: 100 });
    lingering.start();
    stoppables.push({ stop: () => db.destroy() }, { stop: () => producer.disconnect() }, { stop: () => lingering.stop() });
    for (let i = 0; i < 30; i++) {
      await db.transaction((tx) => appendToOutbox(tx, [{ event: paidHoursEvent(randomUUID(), i), topic: TOPIC }]));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await eventually(async () => expect((await db.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL'))[0].n).toBe(0));
    expect(sends).toBeGreaterThan(0);
    expect(sends).toBeLessThan(15); // one send per commit would be 30
  });

  it('wakes the leading relay when another replica commits (NOTIFY), without waiting for its poll', async () => {
    const TOPIC = newTopic();
    const { db } = await startConsumer(TOPIC);
    const replicaDb = await openTestDataSource(producerDbUrl, false);
    const replicaProducer = createIdempotentProducer(kafka);
    const standby = new OutboxRelay({ dataSource: replicaDb, databaseUrl: producerDbUrl, producer: replicaProducer, logger: silentLogger, serviceName: 'replica', pollIntervalMs: 30000 });
    standby.start(); // does not get the leadership lock: the first relay holds it
    stoppables.push({ stop: () => replicaDb.destroy() }, { stop: () => replicaProducer.disconnect() }, { stop: () => standby.stop() });
    const event = paidHoursEvent(randomUUID(), 5);
    const written = Date.now();
    await replicaDb.transaction((tx) => appendToOutbox(tx, [{ event, topic: TOPIC }]));
    await eventually(async () => expect((await effects(db)).map((r) => r.event_id)).toEqual([event.id]));
    expect(Date.now() - written).toBeLessThan(10000);
  });

  it('keeps writing while the broker is down, then drains the outbox in order per key', async () => {
    const TOPIC = newTopic();
    const { db } = await startConsumer(TOPIC);
    const citizens = [randomUUID(), randomUUID()];
    await publish(TOPIC, [paidHoursEvent(citizens[0], 0)]);
    await eventually(async () => expect(await effects(db)).toHaveLength(1));

    cluster.setAllBrokersDown();
    for (let i = 1; i <= 40; i++) await publish(TOPIC, [paidHoursEvent(citizens[i % 2], i)]); // every write succeeds
    const [{ unsent }] = await producerDb.query('SELECT count(*)::int AS unsent FROM outbox WHERE sent_at IS NULL');
    expect(unsent).toBeGreaterThan(0);
    cluster.setAllBrokersUp();

    await eventually(async () => expect(await effects(db)).toHaveLength(41), { timeoutMs: 60000 });
    const rows = await effects(db);
    for (const citizen of citizens) {
      const sequence = rows.filter((r) => r.subject === citizen).map((r) => r.n);
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    }
  });

  it('sends malformed messages to the DLQ with their reason and keeps consuming', async () => {
    const TOPIC = newTopic();
    const { db } = await startConsumer(TOPIC);
    const citizen = randomUUID();
    const bad = paidHoursEvent(citizen, 1) as EventEnvelope<{ hours: unknown }>;
    const raw = createIdempotentProducer(kafka);
    await raw.connect();
    await raw.send({
      topic: TOPIC,
      messages: [
        { key: citizen, value: '{not json' },
        { key: citizen, value: JSON.stringify({ ...bad, id: randomUUID(), data: { ...bad.data, hours: 'many' } }) },
      ],
    });
    await raw.disconnect();
    const good = paidHoursEvent(citizen, 2);
    await publish(TOPIC, [good]);
    await eventually(async () => expect((await effects(db)).map((r) => r.event_id)).toContain(good.id));

    const reasons = await readDlqReasons(TOPIC, 2);
    expect(reasons.some((r) => r.startsWith('malformed JSON'))).toBe(true);
    expect(reasons.some((r) => r.startsWith('contract violation') && r.includes('hours'))).toBe(true);
    expect(await effects(db)).toHaveLength(1);
  });

  it('retries a failing effect with backoff, and dead-letters one that keeps failing', async () => {
    const attempts = new Map<number, number>();
    const flaky: EventHandler = async (event, tx) => {
      const n = (event.data as { hours: number }).hours;
      attempts.set(n, (attempts.get(n) ?? 0) + 1);
      if (n === 1 && attempts.get(n)! < 3) throw new Error('database hiccup');
      if (n === 2) throw new NonRetryableError('contradicts our state');
      await recordEffect(event, tx);
    };
    const TOPIC = newTopic();
    const { db } = await startConsumer(TOPIC, flaky, { maxAttempts: 4 });
    const citizen = randomUUID();
    await publish(TOPIC, [paidHoursEvent(citizen, 1), paidHoursEvent(citizen, 2), paidHoursEvent(citizen, 3)]);
    await eventually(async () => expect((await effects(db)).map((r) => r.n)).toEqual([1, 3]));
    const reasons = await readDlqReasons(TOPIC, 1, (r) => r.includes('contradicts our state'));
    expect(reasons).toHaveLength(1);
  });

  it('loses and duplicates nothing when the consumer process is killed mid-batch and restarted', async () => {
    const TOPIC = newTopic();
    const dbUrl = await createTestDatabase('backbone_killed');
    const db = await openTestDataSource(dbUrl, true);
    stoppables.push({ stop: () => db.destroy() });
    const groupId = `killed-${randomUUID()}`;
    const citizens = Array.from({ length: 8 }, () => randomUUID());
    const events = Array.from({ length: 300 }, (_, i) => paidHoursEvent(citizens[i % 8], i));
    await publish(TOPIC, events);

    const env = { DATABASE_URL: dbUrl, KAFKA_BROKERS: cluster.bootstrapServers, TOPIC, GROUP_ID: groupId };
    const first = spawnConsumer({ ...env, HANDLER_DELAY_MS: '15' });
    await eventually(async () => expect((await effects(db)).length).toBeGreaterThan(20), { timeoutMs: 30000 });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const appliedBeforeKill = (await effects(db)).length;
    expect(appliedBeforeKill).toBeLessThan(300);

    const second = spawnConsumer({ ...env, HANDLER_DELAY_MS: '0' });
    stoppables.push({ stop: async () => void second.kill('SIGKILL') });
    await eventually(async () => expect(await effects(db)).toHaveLength(300), { timeoutMs: 60000 });
    const rows = await effects(db);
    expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(events.map((e) => e.id)));
  });

  function spawnConsumer(env: Record<string, string>): ChildProcess {
    return spawn(process.execPath, [join(ROOT, 'tools/run.js'), join(__dirname, 'consumer-process.fixture.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }

  /** Reads the DLQ from the start with a fresh group until `count` matching reasons are seen. */
  async function readDlqReasons(topic: string, count: number, match: (reason: string) => boolean = () => true): Promise<string[]> {
    const reader = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
    const reasons: string[] = [];
    await reader.connect();
    await reader.subscribe({ topic: dlqTopic(topic), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const reason = message.headers?.[Header.dlqReason]?.toString() ?? '';
        if (match(reason)) reasons.push(reason);
      },
    });
    try {
      await eventually(() => expect(reasons.length).toBeGreaterThanOrEqual(count), { timeoutMs: 20000 });
      return reasons;
    } finally {
      await reader.disconnect();
    }
  }
});
