import { createEvent, dlqTopic, EventEnvelope, findEventDefinition, Topics, topicsFor } from '@selvbook/contracts';
import { createTestDatabase, eventually, KafkaMockCluster, TEST_CONSUMER_TUNING } from '@selvbook/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, Producer } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  appendToOutbox,
  createIdempotentProducer,
  createKafka,
  EventConsumer,
  EventHandler,
  Header,
  NonRetryableError,
  OUTBOX_SHARD_LOCK_CLASS,
  OUTBOX_SHARDS,
  OutboxRelay,
} from '../src';
import { openTestDataSource, paidHoursEvent, recordEffect, recordEffects, silentLogger } from './backbone-fixtures';

let topicCount = 0;
let replicaCount = 0;
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
    kafka = createKafka({
      clientId: 'backbone-test',
      brokers: cluster.bootstrapServers.split(','),
      logger: silentLogger,
    });
    producerDbUrl = await createTestDatabase('backbone_producer');
    producerDb = await openTestDataSource(producerDbUrl, false);
    relayProducer = createIdempotentProducer(kafka);
    relay = new OutboxRelay({
      dataSource: producerDb,
      databaseUrl: producerDbUrl,
      producer: relayProducer,
      logger: silentLogger,
      serviceName: 'producer',
      pollIntervalMs: 30000,
      maxBackoffMs: 500,
    });
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
  async function startConsumer(
    TOPIC: string,
    handler: EventHandler = recordEffect,
    overrides: Partial<ConstructorParameters<typeof EventConsumer>[0]> = {},
  ) {
    const db = await openTestDataSource(await createTestDatabase('backbone_consumer'), true);
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    const consumer = new EventConsumer({
      kafka,
      dataSource: db,
      producer,
      logger: silentLogger,
      groupId: `consumer-${randomUUID()}`,
      topics: [TOPIC],
      handlers: { 'citizen.paid-hours-reported': handler },
      initialBackoffMs: 20,
      ...TEST_CONSUMER_TUNING,
      ...overrides,
    });
    await consumer.start();
    stoppables.push(
      { stop: () => consumer.stop() },
      { stop: () => producer.disconnect() },
      { stop: () => db.destroy() },
    );
    return { db, consumer };
  }

  async function publish(topic: string, events: EventEnvelope[]): Promise<void> {
    await producerDb.transaction((tx) =>
      appendToOutbox(
        tx,
        events.map((event) => ({ event, topic })),
      ),
    );
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
    const [{ n }] = await producerDb.query('SELECT count(*)::int AS n FROM outbox');
    expect(n).toBe(0);
  });

  it('defect 10: an id reused for another citizen: not applied but logged, counted; a redelivery is not', async () => {
    const TOPIC = newTopic();
    const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const metrics = new Registry();
    const { db } = await startConsumer(TOPIC, recordEffect, { logger, metrics });
    const [first, other] = [randomUUID(), randomUUID()];
    const original = paidHoursEvent(first, 1);
    await publish(TOPIC, [original]);
    await eventually(async () => expect(await effects(db)).toHaveLength(1));

    const raw = createIdempotentProducer(kafka);
    await raw.connect();
    const reused = { ...paidHoursEvent(other, 2), id: original.id }; // same id, another citizen
    // a new event sent twice in a row (a relay's resend): one fetch may hold both
    const twice = paidHoursEvent(first, 4);
    await raw.send({
      topic: TOPIC,
      messages: [reused, original, twice, twice].map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    });
    await raw.disconnect();
    const marker = paidHoursEvent(first, 3);
    await publish(TOPIC, [marker]);
    await eventually(async () => expect((await effects(db)).map((e) => e.event_id)).toContain(marker.id));

    // the other citizen's event had no effect
    expect((await effects(db)).map((e) => e.event_id)).toEqual([original.id, twice.id, marker.id]);
    const conflicts = (await metrics.getSingleMetric('selvbook_consumer_event_id_conflicts_total')!.get()).values;
    expect(conflicts).toEqual([expect.objectContaining({ labels: { type: 'citizen.paid-hours-reported' }, value: 1 })]);
    const warned = lines.filter((l) => /already applied with other content/.test(l.msg));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ level: 40, eventId: original.id, eventType: 'citizen.paid-hours-reported' });
    expect(JSON.stringify(warned)).not.toContain(other);
  });

  it('writes an event for several topics as one outbox row and delivers it to each of them', async () => {
    const definition = findEventDefinition('deadline.opened', 1)!;
    const citizenId = randomUUID();
    const event = createEvent(definition, { ...definition.example!, citizenId } as never, {
      subject: citizenId,
      source: 'backbone-test',
    });
    const topics = topicsFor(definition, event.data as object);
    expect(topics).toEqual([Topics.deadline, 'selvbook.jobcenter.10101.v1']);
    for (const topic of topics) cluster.createTopic(topic, 3);
    // read inside the writing transaction: once committed, the relay sends the row and deletes it
    const rows = await producerDb.transaction(async (tx) => {
      await appendToOutbox(tx, [event]);
      return tx.query('SELECT topic, also_to FROM outbox WHERE event_id = $1', [event.id]);
    });
    expect(rows).toEqual([{ topic: Topics.deadline, also_to: ['selvbook.jobcenter.10101.v1'] }]);

    const seen = new Map<string, string[]>();
    const reader = kafka.consumer({ groupId: `fan-out-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
    stoppables.push({ stop: () => reader.disconnect() });
    await reader.connect();
    await reader.subscribe({ topics, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) =>
        void seen.set(topic, [...(seen.get(topic) ?? []), JSON.parse(String(message.value)).id]),
    });
    await eventually(async () => {
      for (const topic of topics) expect(seen.get(topic)).toContain(event.id);
    });
  });

  it('delivers each payload as written: quotes, backslashes, non-ASCII, control characters (U+001E too)', async () => {
    const definition = findEventDefinition('booking.booked', 1)!;
    const events = ['Kalvebod "Brygge" 45\\ 1560 København V', 'Nørre \u001e Voldgade \u0000 1 ✓ \n', 'plain'].map(
      (location) => {
        const citizenId = randomUUID();
        return createEvent(definition, { ...definition.example!, citizenId, location } as never, {
          subject: citizenId,
          source: 'backbone-test',
        });
      },
    );
    const topic = topicsFor(definition, events[0].data as object)[0];
    cluster.createTopic(topic, 3);
    const received = new Map<string, string>();
    const reader = kafka.consumer({ groupId: `payload-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
    stoppables.push({ stop: () => reader.disconnect() });
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) =>
        void received.set(JSON.parse(String(message.value)).id, String(message.value)),
    });
    await producerDb.transaction((tx) => appendToOutbox(tx, events));
    await eventually(() => expect(received.size).toBeGreaterThanOrEqual(events.length));
    for (const event of events) expect(received.get(event.id)).toBe(JSON.stringify(event));
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
    const lingering = new OutboxRelay({
      dataSource: db,
      databaseUrl: url,
      producer,
      logger: silentLogger,
      serviceName: 'linger',
      lingerMs: 100,
    });
    lingering.start();
    stoppables.push(
      { stop: () => db.destroy() },
      { stop: () => producer.disconnect() },
      { stop: () => lingering.stop() },
    );
    for (let i = 0; i < 30; i++) {
      await db.transaction((tx) => appendToOutbox(tx, [{ event: paidHoursEvent(randomUUID(), i), topic: TOPIC }]));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await eventually(async () => expect((await db.query('SELECT count(*)::int AS n FROM outbox'))[0].n).toBe(0));
    expect(sends).toBeGreaterThan(0);
    expect(sends).toBeLessThan(15); // one send per commit would be 30
  });

  it("wakes the relay holding a key's shard when another replica commits (NOTIFY), before its poll", async () => {
    const TOPIC = newTopic();
    const { db } = await startConsumer(TOPIC);
    const replica = await startReplica(producerDbUrl, 'producer'); // the same service: the two relays split the shards
    try {
      await eventually(() => expect([relay.heldShards().length, replica.relay.heldShards().length]).toEqual([8, 8]));
      // 16 keys per commit, so that each writer writes rows of the other relay's shards (all 16 keys in one
      // relay's 8 shards: 2 in 65,536). Both relays poll only every 30 s: only a NOTIFY wakes the other one.
      for (const writer of [replica.db, producerDb]) {
        const events = Array.from({ length: 16 }, (_, i) => paidHoursEvent(randomUUID(), i));
        const written = Date.now();
        await writer.transaction((tx) =>
          appendToOutbox(
            tx,
            events.map((event) => ({ event, topic: TOPIC })),
          ),
        );
        await eventually(async () =>
          expect((await effects(db)).map((r) => r.event_id)).toEqual(expect.arrayContaining(events.map((e) => e.id))),
        );
        expect(Date.now() - written).toBeLessThan(10000);
      }
      expect(replica.keys.length).toBeGreaterThan(0);
    } finally {
      await replica.relay.stop(); // the other tests expect the first relay alone, with all 16 shards
    }
    await eventually(() => expect(relay.heldShards()).toHaveLength(OUTBOX_SHARDS));
  });

  describe('sharded relays: each replica publishes the shards it holds, per-key order kept', () => {
    /**
     * Events for `citizens` keys, `rounds` per key numbered 0.., written one round per transaction by `writer(round)`.
     */
    async function writeRounds(
      TOPIC: string,
      writer: (round: number) => DataSource,
      citizens: string[],
      rounds: number,
      between?: (round: number) => Promise<void>,
    ) {
      const events: EventEnvelope[] = [];
      for (let round = 0; round < rounds; round++) {
        const batch = citizens.map((citizen) => paidHoursEvent(citizen, round));
        await writer(round).transaction((tx) =>
          appendToOutbox(
            tx,
            batch.map((event) => ({ event, topic: TOPIC })),
          ),
        );
        events.push(...batch);
        await between?.(round);
      }
      return events;
    }

    /** Every event applied exactly once, and each citizen's in the order written. */
    async function expectAppliedOnceInOrder(db: DataSource, events: EventEnvelope[]) {
      await eventually(async () => expect(await effects(db)).toHaveLength(events.length), { timeoutMs: 60000 });
      const rows = await effects(db);
      expect(new Set(rows.map((r) => r.event_id))).toEqual(new Set(events.map((e) => e.id)));
      const bySubject = new Map<string, number[]>();
      for (const row of rows) bySubject.set(row.subject, [...(bySubject.get(row.subject) ?? []), row.n]);
      for (const sequence of bySubject.values()) expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    }

    const shardsOf = async (db: DataSource, keys: string[]): Promise<number[]> =>
      (await db.query('SELECT DISTINCT shard FROM outbox WHERE key = ANY($1::text[]) ORDER BY shard', [keys])).map(
        (r: { shard: number }) => r.shard,
      );

    const lockedShards = async (db: DataSource): Promise<number> =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND classid = $1::oid AND objsubid = 2
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [OUTBOX_SHARD_LOCK_CLASS],
        )
      )[0].n;

    /** A consumer of a new topic, and two relays of one service's database once they have split the shards 8/8. */
    async function twoRelaysSplit(name: string) {
      const TOPIC = newTopic();
      const { db } = await startConsumer(TOPIC);
      const url = await createTestDatabase(`backbone_shard_${name}`);
      const a = await startReplica(url, name);
      const b = await startReplica(url, name);
      await eventually(() => expect([a.relay.heldShards().length, b.relay.heldShards().length]).toEqual([8, 8]), {
        timeoutMs: 10000,
      });
      return { TOPIC, db, a, b };
    }

    it('a relay alone holds all 16 shards', async () => {
      const url = await createTestDatabase('backbone_shard_alone');
      const alone = await startReplica(url, 'alone');
      await eventually(() =>
        expect(alone.relay.heldShards()).toEqual(Array.from({ length: OUTBOX_SHARDS }, (_, i) => i)),
      );
      expect(await lockedShards(alone.db)).toBe(OUTBOX_SHARDS);
    });

    it('two relays split the shards 8/8, both publish only their own shards, and each key stays in order', async () => {
      const { TOPIC, db, a, b } = await twoRelaysSplit('split');
      const aShards = a.relay.heldShards();
      const bShards = b.relay.heldShards();
      expect([...aShards, ...bShards].sort((x, y) => x - y)).toEqual(
        Array.from({ length: OUTBOX_SHARDS }, (_, i) => i),
      );
      expect(await lockedShards(a.db)).toBe(OUTBOX_SHARDS);

      const citizens = Array.from({ length: 100 }, () => randomUUID());
      const events = await writeRounds(TOPIC, (round) => (round % 2 ? b.db : a.db), citizens, 12);
      await expectAppliedOnceInOrder(db, events);
      expect(a.keys.length).toBeGreaterThan(0);
      expect(b.keys.length).toBeGreaterThan(0);
      expect(a.keys.length + b.keys.length).toBe(events.length); // nothing sent twice
      expect(aShards).toEqual(expect.arrayContaining(await shardsOf(a.db, a.keys)));
      expect(bShards).toEqual(expect.arrayContaining(await shardsOf(a.db, b.keys)));
    });

    it("when a relay's session dies or it stops, the other takes its shards, drains the rest, in order", async () => {
      const { TOPIC, db, a, b } = await twoRelaysSplit('handover');

      const citizens = Array.from({ length: 100 }, () => randomUUID());
      // B's process writes too until its relay stops (a stopped replica no longer writes).
      const events = await writeRounds(
        TOPIC,
        (round) => (round % 2 && round <= 9 ? b.db : a.db),
        citizens,
        16,
        async (round) => {
          if (round === 3) {
            // B's session dies (as when its process is killed): PostgreSQL frees its locks at once; B opens a new one.
            await a.db.query(
              `SELECT pg_terminate_backend(pid) FROM pg_locks
              WHERE locktype = 'advisory' AND granted AND classid = $1::oid AND objid = $2 AND objsubid = 2
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
              [OUTBOX_SHARD_LOCK_CLASS, b.relay.heldShards()[0]],
            );
          }
          if (round === 9) await b.relay.stop();
        },
      );
      await eventually(() => expect(a.relay.heldShards()).toHaveLength(OUTBOX_SHARDS), { timeoutMs: 10000 });
      await expectAppliedOnceInOrder(db, events);
      const [{ unsent }] = await a.db.query('SELECT count(*)::int AS unsent FROM outbox');
      expect(unsent).toBe(0);
    });
  });

  it('keeps writing while the broker is down, then drains the outbox in order per key', async () => {
    const TOPIC = newTopic();
    const { db } = await startConsumer(TOPIC);
    const citizens = [randomUUID(), randomUUID()];
    await publish(TOPIC, [paidHoursEvent(citizens[0], 0)]);
    await eventually(async () => expect(await effects(db)).toHaveLength(1));

    cluster.setAllBrokersDown();
    for (let i = 1; i <= 40; i++) await publish(TOPIC, [paidHoursEvent(citizens[i % 2], i)]); // every write succeeds
    const [{ unsent }] = await producerDb.query('SELECT count(*)::int AS unsent FROM outbox');
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

  describe('batch handlers: consecutive events of one type applied at once', () => {
    const contactChanged = (citizenId: string, n: number): EventEnvelope => {
      const definition = findEventDefinition('citizen.contact-details-changed', 1)!;
      return createEvent(definition, { ...definition.example!, citizenId } as never, {
        subject: citizenId,
        source: `backbone-test-${n}`,
      });
    };
    /**
     * One-by-one handler of the other type: records n = -source number, so the order of both kinds shows in one table.
     */
    const recordContactChange: EventHandler = (event, tx) =>
      tx.query('INSERT INTO effect (event_id, subject, n) VALUES ($1, $2, $3)', [
        event.id,
        event.subject,
        -Number(event.source.split('-').pop()),
      ]);

    it('applies batch-handled runs together, among one-by-one handlers in partition order, each once', async () => {
      const TOPIC = newTopic();
      const runs: number[] = [];
      const { db } = await startConsumer(TOPIC, recordEffect, {
        handlers: { 'citizen.contact-details-changed': recordContactChange },
        batchHandlers: {
          'citizen.paid-hours-reported': async (events, tx) => {
            runs.push(events.length);
            await recordEffects(events, tx);
          },
        },
        chunkSize: 1000,
      });
      const citizen = randomUUID(); // one key: one partition, one order
      const events = [
        ...Array.from({ length: 5 }, (_, i) => paidHoursEvent(citizen, i + 1)),
        contactChanged(citizen, 6),
        ...Array.from({ length: 4 }, (_, i) => paidHoursEvent(citizen, i + 7)),
        contactChanged(citizen, 11),
        paidHoursEvent(citizen, 12),
      ];
      await publish(TOPIC, events);
      await eventually(async () => expect(await effects(db)).toHaveLength(12));
      expect((await effects(db)).map((r) => Math.abs(r.n))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect((await effects(db)).map((r) => r.event_id)).toEqual(events.map((e) => e.id));
      expect(runs.reduce((a, b) => a + b, 0)).toBe(10);
      expect(Math.max(...runs)).toBeGreaterThan(1); // published in one transaction, fetched together

      // Redelivered: the inbox drops every one, and the batch handler sees none of them.
      const calls = runs.length;
      const raw = createIdempotentProducer(kafka);
      await raw.connect();
      await raw.send({ topic: TOPIC, messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })) });
      await raw.disconnect();
      const marker = paidHoursEvent(citizen, 13);
      await publish(TOPIC, [marker]);
      await eventually(async () => expect((await effects(db)).map((e) => e.event_id)).toContain(marker.id));
      expect(await effects(db)).toHaveLength(13);
      expect(runs.slice(calls)).toEqual([1]);
    });

    it('a failing run is replayed one by one: the failing event to the DLQ, the rest applied once', async () => {
      const TOPIC = newTopic();
      const { db } = await startConsumer(TOPIC, recordEffect, {
        handlers: {},
        batchHandlers: {
          'citizen.paid-hours-reported': async (events, tx) => {
            if (events.some((e) => (e.data as { hours: number }).hours === 2))
              throw new NonRetryableError('hours 2 contradicts our state');
            await recordEffects(events, tx);
          },
        },
        maxAttempts: 2,
      });
      const citizen = randomUUID();
      await publish(
        TOPIC,
        [1, 2, 3, 4].map((n) => paidHoursEvent(citizen, n)),
      );
      await eventually(async () => expect((await effects(db)).map((r) => r.n)).toEqual([1, 3, 4]));
      expect(await readDlqReasons(TOPIC, 1, (r) => r.includes('hours 2 contradicts'))).toHaveLength(1);
    });

    it('refuses a type with both a handler and a batch handler', () => {
      expect(
        () =>
          new EventConsumer({
            kafka,
            dataSource: producerDb,
            producer: relayProducer,
            logger: silentLogger,
            groupId: 'both',
            topics: ['t'],
            handlers: { 'citizen.paid-hours-reported': recordEffect },
            batchHandlers: { 'citizen.paid-hours-reported': recordEffects },
          }),
      ).toThrow('citizen.paid-hours-reported has both a handler and a batch handler');
    });
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

  /**
   * One replica of a service on the database at `url`: its own pool, producer and relay (polling only every
   * 30 s, so commits must wake it). `keys` lists the key of every message its relay sent, once per event.
   */
  async function startReplica(url: string, serviceName: string) {
    const db = await openTestDataSource(url, false);
    const producer = createIdempotentProducer(kafka);
    const keys: string[] = [];
    const sendBatch = producer.sendBatch.bind(producer);
    producer.sendBatch = (batch) => {
      for (const { messages } of batch.topicMessages ?? []) keys.push(...messages.map((m) => String(m.key)));
      return sendBatch(batch);
    };
    const logger = silentLogger.child({ replica: `${serviceName}-${++replicaCount}` });
    const replicaRelay = new OutboxRelay({
      dataSource: db,
      databaseUrl: url,
      producer,
      logger,
      serviceName,
      pollIntervalMs: 30000,
      maxBackoffMs: 500,
    });
    replicaRelay.start();
    stoppables.push(
      { stop: () => db.destroy() },
      { stop: () => producer.disconnect() },
      { stop: () => replicaRelay.stop() },
    );
    return { db, relay: replicaRelay, keys };
  }

  function spawnConsumer(env: Record<string, string>): ChildProcess {
    return spawn(process.execPath, [join(ROOT, 'tools/run.js'), join(__dirname, 'consumer-process.fixture.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }

  /** Reads the DLQ from the start with a fresh group until `count` matching reasons are seen. */
  async function readDlqReasons(
    topic: string,
    count: number,
    match: (reason: string) => boolean = () => true,
  ): Promise<string[]> {
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
