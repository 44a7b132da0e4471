/**
 * A recipient topic that does not exist must not stop anyone else: the relay holds its events, the other
 * organisations' events keep flowing, and the held ones are delivered in order once the topic is there.
 * The mock broker creates a topic when a client names it in a metadata request, but not when a client lists
 * the topics, so a topic the test has not created is missing for the relay's check, as on a cluster with
 * auto-creation off.
 */
import { createEvent, EventEnvelope, findEventDefinition, jobcenterTopic, Topics } from '@selvbook/contracts';
import { createTestDatabase, eventually, KafkaMockCluster, TEST_CONSUMER_TUNING } from '@selvbook/testing';
import { Admin, Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { appendToOutbox, createIdempotentProducer, OutboxRelay } from '../src';
import { TopicDirectory } from '../src/outbox/topic-directory';
import { openTestDataSource, silentLogger } from './backbone-fixtures';

const FLOWING = '10101';
const MISSING = '75101';

describe('outbox relay: a missing recipient topic holds its own events only', () => {
  let cluster: KafkaMockCluster;
  let kafka: Kafka;
  let db: DataSource;
  let producer: Producer;
  let admin: Admin;
  let relay: OutboxRelay;
  const metrics = new Registry();
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    cluster = KafkaMockCluster.start();
    cluster.createTopic(Topics.deadline, 3);
    cluster.createTopic(jobcenterTopic(FLOWING), 3);
    kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    const url = await createTestDatabase('outbox_held');
    db = await openTestDataSource(url, false);
    producer = createIdempotentProducer(kafka);
    admin = kafka.admin();
    await admin.connect();
    relay = new OutboxRelay({
      dataSource: db,
      databaseUrl: url,
      producer,
      logger: silentLogger,
      serviceName: 'held-test',
      metrics,
      topics: new TopicDirectory(() => admin.listTopics(), 200),
      heldRetryMs: 300,
      pollIntervalMs: 200,
    });
    relay.start();
  });

  afterAll(async () => {
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    await relay?.stop();
    await admin?.disconnect();
    await producer?.disconnect();
    await db?.destroy();
    cluster?.stop();
  });

  function opened(jobcenterCode: string, n: number): EventEnvelope {
    const definition = findEventDefinition('deadline.opened', 1)!;
    const citizenId = randomUUID();
    return createEvent(
      definition,
      { ...definition.example!, citizenId, jobcenterCode, conversationNumber: n } as never,
      { subject: citizenId, source: 'held-test' },
    );
  }

  /** Every event on `topic`, read from the beginning by a fresh group, in partition-merged arrival order. */
  async function read(topic: string, seen: EventEnvelope[]): Promise<void> {
    const consumer = kafka.consumer({ groupId: `held-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(JSON.parse(message.value!.toString())) });
  }

  const heldRows = async () => (await db.query('SELECT topic FROM outbox_held ORDER BY id')) as { topic: string }[];
  const metric = async (name: string) => (await metrics.getSingleMetric(name)!.get()).values[0]?.value;

  it("delivers other organisations' events at once, keeps the missing topic's, then sends them in order", async () => {
    const first = [
      opened(FLOWING, 1),
      opened(MISSING, 2),
      opened(FLOWING, 3),
      opened(MISSING, 4),
      opened(MISSING, 5),
      opened(FLOWING, 6),
    ];
    await db.transaction((tx) => appendToOutbox(tx, first));

    const internal: EventEnvelope[] = [];
    const flowing: EventEnvelope[] = [];
    await read(Topics.deadline, internal);
    await read(jobcenterTopic(FLOWING), flowing);
    await eventually(
      () => {
        expect(internal).toHaveLength(6); // every event reaches the internal topic
        expect(flowing.map((e) => e.id).sort()).toEqual(
          first
            .filter((e) => (e.data as { jobcenterCode: string }).jobcenterCode === FLOWING)
            .map((e) => e.id)
            .sort(),
        );
      },
      { timeoutMs: 20000 },
    );
    await eventually(async () => expect(await heldRows()).toEqual(Array(3).fill({ topic: jobcenterTopic(MISSING) })), {
      timeoutMs: 10000,
    });
    expect(await db.query('SELECT count(*)::int AS n FROM outbox')).toEqual([{ n: 0 }]); // nothing stuck in the outbox
    expect(await metric('selvbook_outbox_held_total')).toBe(3);

    // Written while the topic is still missing: they queue behind the held ones, and other topics still flow.
    const more = [opened(MISSING, 7), opened(FLOWING, 8)];
    await db.transaction((tx) => appendToOutbox(tx, more));
    await eventually(() => expect(flowing).toHaveLength(4), { timeoutMs: 20000 });
    await eventually(async () => expect(await heldRows()).toHaveLength(4), { timeoutMs: 10000 });
    expect(await metric('selvbook_outbox_held')).toBe(4);

    // The topic is created (an operator applies its KafkaTopic): the held events go out, oldest first.
    cluster.createTopic(jobcenterTopic(MISSING), 1);
    await eventually(async () => expect(await heldRows()).toEqual([]), { timeoutMs: 20000 });
    const late: EventEnvelope[] = [];
    await read(jobcenterTopic(MISSING), late);
    const expected = [...first, ...more]
      .filter((e) => (e.data as { jobcenterCode: string }).jobcenterCode === MISSING)
      .map((e) => e.id);
    await eventually(() => expect(late.map((e) => e.id)).toEqual(expected), { timeoutMs: 20000 });

    // and from now on its events go straight out
    const after = opened(MISSING, 9);
    await db.transaction((tx) => appendToOutbox(tx, [after]));
    await eventually(() => expect(late.map((e) => e.id)).toEqual([...expected, after.id]), { timeoutMs: 20000 });
    expect(await heldRows()).toEqual([]);
  });
});
