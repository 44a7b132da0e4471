import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CitizenPaidHoursReportedData,
  CitizenPaidHoursReportedEvent,
  dlqTopic,
  EventEnvelope,
  Topics,
} from '@selvbook/contracts';
import { createTestDatabase, eventually, KafkaMockCluster, TEST_CONSUMER_TUNING } from '@selvbook/testing';
import { Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  createIdempotentProducer,
  createKafka,
  EventConsumer,
  Header,
  InboxContext,
  InboxTransport,
  NonRetryableError,
  OnEvent,
} from '../src';
import { openTestDataSource, paidHoursEvent, silentLogger } from './backbone-fixtures';

/** What the handler below does with an event, by its `hours`. */
const REFUSED = 13; // NonRetryableError: straight to the DLQ
const FLAKY = 7; // fails twice, then applies
const BROKEN = 66; // fails every attempt: DLQ after the last

const attempts = new Map<string, number>();

@Controller()
class PaidHoursHandler {
  @OnEvent(CitizenPaidHoursReportedEvent)
  async reported(data: CitizenPaidHoursReportedData, { envelope, tx }: InboxContext): Promise<void> {
    const attempt = (attempts.get(envelope.id) ?? 0) + 1;
    attempts.set(envelope.id, attempt);
    // written first: a failing attempt's effect must be rolled back with its inbox row
    await tx.query('INSERT INTO effect (event_id, subject, n) VALUES ($1, $2, $3)', [
      envelope.id,
      envelope.subject,
      data.hours,
    ]);
    if (data.hours === REFUSED) throw new NonRetryableError(`refused ${data.hours} hours`);
    if (data.hours === BROKEN || (data.hours === FLAKY && attempt <= 2)) throw new Error(`failed attempt ${attempt}`);
  }
}

@Module({ controllers: [PaidHoursHandler] })
class ConsumerModule {}

describe("InboxTransport over the inbox consumer: a Nest app's @OnEvent handler, real PostgreSQL and Kafka", () => {
  let cluster: KafkaMockCluster;
  let kafka: Kafka;
  let db: DataSource;
  let dlqProducer: Producer;
  let publisher: Producer;
  let app: INestMicroservice;
  let inbox: InboxTransport;

  beforeAll(async () => {
    cluster = KafkaMockCluster.start();
    cluster.createTopic(Topics.citizen, 3);
    cluster.createTopic(dlqTopic(Topics.citizen), 1);
    kafka = createKafka({
      clientId: 'transport-test',
      brokers: cluster.bootstrapServers.split(','),
      logger: silentLogger,
    });
    db = await openTestDataSource(await createTestDatabase('inbox_transport'), true);
    dlqProducer = createIdempotentProducer(kafka);
    await dlqProducer.connect();
    publisher = createIdempotentProducer(kafka);
    await publisher.connect();
    inbox = new InboxTransport({
      serviceName: 'transport-test',
      allowedTopics: [Topics.citizen],
      now: () => new Date(),
      logger: silentLogger,
      createConsumer: (handlers, topics) =>
        new EventConsumer({
          kafka,
          dataSource: db,
          producer: dlqProducer,
          logger: silentLogger,
          groupId: `transport-${randomUUID()}`,
          topics,
          handlers,
          initialBackoffMs: 20,
          maxAttempts: 3,
          ...TEST_CONSUMER_TUNING,
        }),
    });
    app = await NestFactory.createMicroservice(ConsumerModule, { strategy: inbox, logger: false, abortOnError: false });
    await app.listen();
    inbox.ready();
  });

  afterAll(async () => {
    await app?.close();
    await publisher?.disconnect();
    await dlqProducer?.disconnect();
    await db?.destroy();
    cluster?.stop();
  });

  async function publish(events: EventEnvelope[]): Promise<void> {
    await publisher.send({
      topic: Topics.citizen,
      acks: -1,
      messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    });
  }

  const effects = async (): Promise<Array<{ event_id: string; n: number }>> =>
    db.query('SELECT event_id, n FROM effect ORDER BY seq');
  const inboxIds = async (): Promise<string[]> =>
    (await db.query('SELECT event_id FROM inbox')).map((r: { event_id: string }) => r.event_id);

  it('applies events in the inbox transaction; a refused one and one failing every retry go to the DLQ', async () => {
    const citizen = randomUUID();
    const events = [
      paidHoursEvent(citizen, 1),
      paidHoursEvent(citizen, REFUSED),
      paidHoursEvent(citizen, FLAKY),
      paidHoursEvent(citizen, BROKEN),
      paidHoursEvent(citizen, 2),
    ];
    await publish(events);
    const [ok, refused, flaky, broken, last] = events;

    await eventually(async () => expect((await effects()).map((e) => e.event_id)).toEqual([ok.id, flaky.id, last.id]), {
      timeoutMs: 30000,
    });
    // each effect committed with its inbox row; the dead-lettered events left neither
    expect((await inboxIds()).sort()).toEqual([ok.id, flaky.id, last.id].sort());
    // (a fetched batch is first tried whole, in one transaction, then event by event: one attempt more at most)
    expect(attempts.get(refused.id)).toBeLessThanOrEqual(2); // not retried
    expect(attempts.get(flaky.id)).toBeGreaterThanOrEqual(3); // retried until it applied
    expect(attempts.get(broken.id)).toBeGreaterThanOrEqual(3); // every attempt (maxAttempts 3), then the DLQ

    const dead = await readDlq(2);
    expect(dead.map((d) => d.eventId).sort()).toEqual([refused.id, broken.id].sort());
    expect(dead.find((d) => d.eventId === refused.id)!.reason).toBe(`refused ${REFUSED} hours`);
    expect(dead.find((d) => d.eventId === broken.id)!.reason).toBe(`failed attempt ${attempts.get(broken.id)}`);
  });

  /** Reads the DLQ from the start with a fresh group until `count` messages are seen. */
  async function readDlq(count: number): Promise<Array<{ eventId: string; reason: string }>> {
    const reader = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
    const seen: Array<{ eventId: string; reason: string }> = [];
    await reader.connect();
    await reader.subscribe({ topic: dlqTopic(Topics.citizen), fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        seen.push({
          eventId: (JSON.parse(message.value!.toString()) as EventEnvelope).id,
          reason: message.headers?.[Header.dlqReason]?.toString() ?? '',
        });
      },
    });
    try {
      await eventually(() => expect(seen.length).toBeGreaterThanOrEqual(count), { timeoutMs: 20000 });
      return seen;
    } finally {
      await reader.disconnect();
    }
  }
});
