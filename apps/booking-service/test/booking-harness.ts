import { INestApplication } from '@nestjs/common';
import {
  ContactGroup,
  ConversationType,
  createEvent,
  DeadlineOpenedEvent,
  dlqTopic,
  EventEnvelope,
  INTERNAL_TOPICS,
  MeetingFormat,
  Topics,
} from '@selvbook/contracts';
import { createIdempotentProducer, createKafka } from '@selvbook/messaging';
import { Clock, createServiceApp, loadConfig, Principal } from '@selvbook/platform';
import {
  createTestDatabase,
  devPublicKey,
  KafkaMockCluster,
  mintDevToken,
  TEST_CONSUMER_TUNING,
} from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import pino from 'pino';
import { AppModule, SERVICE_NAME } from '../src/app.module';
import { BookingConfig } from '../src/booking.config';

export const JOBCENTER = '10101';
export const OTHER_JOBCENTER = '14701';
export const AKASSE = 'ak03';

export interface Harness {
  app: INestApplication;
  url: string;
  db: Client;
  cluster: KafkaMockCluster;
  clock: Clock;
  token(principal: Omit<Principal, 'subject'> & { subject?: string }): Promise<string>;
  publishDeadline(event: EventEnvelope): Promise<void>;
  /** every event on a topic so far, read from the beginning by a fresh consumer group */
  readTopic(topic: string, until: (events: EventEnvelope[]) => boolean): Promise<EventEnvelope[]>;
  /** Another replica on the same database and broker, with settings of its own; stopped with the harness. */
  replica(env: Record<string, string>): Promise<{ app: INestApplication; url: string }>;
  stop(): Promise<void>;
}

const silent = pino({ level: 'silent' });

export async function startBookingService(env: Record<string, string> = {}): Promise<Harness> {
  const cluster = KafkaMockCluster.start();
  for (const topic of INTERNAL_TOPICS) {
    cluster.createTopic(topic, 3);
    cluster.createTopic(dlqTopic(topic), 1);
  }
  const databaseUrl = await createTestDatabase('booking');
  const startApp = async (more: Record<string, string>) => {
    const config = loadConfig(BookingConfig, {
      PORT: '0',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '20',
      KAFKA_BROKERS: cluster.bootstrapServers,
      KAFKA_MAX_WAIT_MS: '100',
      LOG_LEVEL: process.env.BOOKING_TEST_LOG ?? 'silent',
      AUTH_PUBLIC_KEY: devPublicKey(),
      RESERVATION_SWEEP_INTERVAL_MS: '200',
      ...more,
    });
    const app = await createServiceApp(AppModule.forRoot(config), {
      serviceName: SERVICE_NAME,
      title: 'Booking service',
      description: 'test',
    });
    await app.listen(0, '127.0.0.1');
    return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
  };
  const { app, url } = await startApp(env);
  const replicas: INestApplication[] = [];
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const kafka = createKafka({ clientId: 'booking-test', brokers: cluster.bootstrapServers.split(','), logger: silent });
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  return {
    app,
    url,
    db,
    cluster,
    clock: app.get(Clock),
    token: (p) => mintDevToken(p),
    async publishDeadline(event) {
      await producer.send({
        topic: Topics.deadline,
        acks: -1,
        messages: [{ key: event.subject, value: JSON.stringify(event) }],
      });
    },
    async readTopic(topic, until) {
      const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
      const events: EventEnvelope[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => void events.push(JSON.parse(message.value!.toString()) as EventEnvelope),
      });
      try {
        const deadline = Date.now() + 30000;
        while (!until(events)) {
          if (Date.now() > deadline)
            throw new Error(`timed out reading ${topic}: got ${events.map((e) => e.type).join(', ')}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        return events;
      } finally {
        await consumer.disconnect();
      }
    },
    async replica(more) {
      const replica = await startApp(more);
      replicas.push(replica.app);
      return replica;
    },
    async stop() {
      await producer.disconnect();
      await Promise.all(replicas.map((r) => r.close()));
      await app.close();
      await db.end();
      cluster.stop();
    },
  };
}

/** A deadline.opened event for a citizen (jobsamtale, dagpenge). */
export function deadlineOpened(
  citizenId: string,
  opts: {
    deadlineDate: string;
    latestMeetingDate: string;
    jobcenterCode?: string;
    akasseId?: string;
    canSelfBook?: boolean;
    conversationType?: ConversationType;
    meetingFormats?: MeetingFormat[];
  },
): EventEnvelope {
  const deadlineId = randomUUID();
  return createEvent(
    DeadlineOpenedEvent,
    {
      citizenId,
      jobcenterCode: opts.jobcenterCode ?? JOBCENTER,
      ...(opts.akasseId === undefined ? { akasseId: AKASSE } : opts.akasseId ? { akasseId: opts.akasseId } : {}),
      deadlineId,
      conversationType: opts.conversationType ?? ConversationType.JOB_CONVERSATION,
      conversationNumber: 1,
      deadlineDate: opts.deadlineDate,
      latestMeetingDate: opts.latestMeetingDate,
      contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
      canSelfBook: opts.canSelfBook ?? true,
      ...(opts.meetingFormats ? { meetingFormats: opts.meetingFormats } : {}),
    },
    { subject: citizenId, source: 'deadline-service' },
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** fetch with a bearer token and JSON. */
export async function call(
  h: Harness,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
