/**
 * Kafka is not a reason to die or to stop serving. The four services as processes: started while the broker
 * refuses every connection, they come up, stay up, are ready and take writes (into the outbox); when it
 * returns, what was written meanwhile is published and the consumers consume. Then the broker goes away
 * mid-run while citizens book: every booking is accepted, and every one reaches the booking topic after.
 */
import { addDays, localDateOf } from '@selvbook/calendar';
import {
  CitizenRegisteredEvent,
  ContactGroup,
  createEvent,
  dlqTopic,
  EventEnvelope,
  INTERNAL_TOPICS,
  Language,
  Topics,
} from '@selvbook/contracts';
import {
  eventually,
  KafkaMockCluster,
  mintDevToken,
  createTestDatabase,
  ServiceProcess,
  TEST_CONSUMER_TUNING,
} from '@selvbook/testing';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { e2eServiceEnv } from './e2e-services';

const JOBCENTER = '10101';
const APPS = ['schedule-service', 'deadline-service', 'booking-service', 'notification-service'] as const;
type App = (typeof APPS)[number];
const OUTAGE_AT_BOOT_MS = 30_000;

interface Readiness {
  status: string;
  info: Record<string, unknown>;
  kafka: { status: 'up' | 'down'; clients: Record<string, { status: 'up' | 'down'; since: string; message?: string }> };
}

describe('Kafka away: the services start, serve and stay up, and deliver everything once it is back', () => {
  let cluster: KafkaMockCluster;
  let kafka: Kafka;
  const readers: Consumer[] = [];
  const services = {} as Record<App, ServiceProcess>;
  const logs = {} as Record<App, string[]>;
  const exits: string[] = [];
  let startedAt = 0;

  beforeAll(async () => {
    cluster = KafkaMockCluster.start();
    for (const topic of INTERNAL_TOPICS) {
      cluster.createTopic(topic, 3);
      cluster.createTopic(dlqTopic(topic), 1);
    }
    kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    cluster.setAllBrokersDown();
    startedAt = Date.now();
    for (const app of APPS) {
      logs[app] = [];
      services[app] = new ServiceProcess({
        app,
        env: {
          ...(await e2eServiceEnv(
            await createTestDatabase(`outage_${app.replace('-service', '')}`),
            cluster.bootstrapServers,
          )),
          EXPIRY_RUN_INTERVAL_MS: '3600000',
        },
        onLine: (line) => {
          logs[app].push(line);
          if (process.env.E2E_LOGS) process.stderr.write(`[${app}] ${line}\n`);
        },
      }).start();
      void services[app].exitCode().then((code) => exits.push(`${app} exited with ${code}`));
    }
  });

  afterAll(async () => {
    cluster?.setAllBrokersUp();
    for (const reader of readers) await reader.disconnect().catch(() => undefined);
    const codes = await Promise.all(APPS.map((app) => services[app]?.stop()));
    cluster?.stop();
    expect(codes).toEqual([0, 0, 0, 0]); // a clean SIGTERM, after all of it
  });

  const url = (app: App, path: string) => `http://127.0.0.1:${services[app].port}${path}`;

  async function call<T>(
    app: App,
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(url(app, path), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  }

  async function readiness(app: App): Promise<{ status: number; body: Readiness }> {
    const response = await fetch(url(app, '/health/ready'));
    return { status: response.status, body: (await response.json()) as Readiness };
  }

  async function kafkaGauge(app: App): Promise<Record<string, number>> {
    const metrics = await (await fetch(url(app, '/metrics'))).text();
    return Object.fromEntries(
      [...metrics.matchAll(/^selvbook_kafka_connected\{role="(\w+)"\} (\d)$/gm)].map(([, role, value]) => [
        role,
        Number(value),
      ]),
    );
  }

  /** Every event on the topic from the beginning, collected by a fresh consumer group as it arrives. */
  async function collect(topic: string): Promise<EventEnvelope[]> {
    const events: EventEnvelope[] = [];
    const reader = kafka.consumer({ groupId: `outage-reader-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
    readers.push(reader);
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => void events.push(JSON.parse(message.value!.toString()) as EventEnvelope),
    });
    return events;
  }

  /** A caseworker's calendar with one slot that `seats` citizens can book, five days ahead. */
  async function publishSlot(seats: number): Promise<string> {
    const caseworker = await mintDevToken({
      role: 'caseworker',
      jobcenterCode: JOBCENTER,
      subject: `cw-${randomUUID()}`,
    });
    const calendar = await call<{ id: string }>('booking-service', 'POST', '/v1/calendars', caseworker, {
      name: 'Team Nord',
      defaultLocation: 'Jobcenter, Vej 1',
    });
    expect(calendar.status).toBe(201);
    const startsAt = new Date(`${addDays(localDateOf(new Date()), 5)}T08:00:00Z`);
    const slots = await call<{ items: { id: string }[] }>(
      'booking-service',
      'POST',
      `/v1/calendars/${calendar.body.id}/slots`,
      caseworker,
      {
        conversationTypes: [7],
        formats: ['IN_PERSON', 'PHONE'],
        capacity: seats,
        times: [{ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString() }],
      },
    );
    expect(slots.status).toBe(201);
    return slots.body.items[0].id;
  }

  /**
   * A caseworker books for a citizen (a citizen's self-booking needs the deadline the broker would have
   * brought: while it is away, staff booking is what still works end to end).
   */
  async function book(slotId: string): Promise<{ status: number; id: string }> {
    const caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: JOBCENTER });
    const booked = await call<{ id: string }>('booking-service', 'POST', '/v1/bookings', caseworker, {
      slotId,
      citizenId: randomUUID(),
      format: 'PHONE',
    });
    return { status: booked.status, id: booked.body?.id };
  }

  const bookedIds = (events: EventEnvelope[]) =>
    new Set(events.filter((e) => e.type === 'booking.booked').map((e) => (e.data as { bookingId: string }).bookingId));

  it(`started with the broker unreachable for ${OUTAGE_AT_BOOT_MS / 1000} s: live, ready, serving writes, never exiting; the writes are published once it is back`, async () => {
    await Promise.all(APPS.map((app) => services[app].waitReady(60000)));
    for (const app of APPS) {
      expect((await fetch(url(app, '/health/live'))).status).toBe(200);
      const ready = await readiness(app);
      expect(ready.status).toBe(200);
      expect(Object.keys(ready.body.info)).toEqual(expect.arrayContaining(['shutdown', 'database']));
      expect(ready.body.kafka.status).toBe('down');
      expect(ready.body.kafka.clients.producer.status).toBe('down');
      expect(ready.body.kafka.clients.consumer.status).toBe('down');
      expect(await kafkaGauge(app)).toEqual({ producer: 0, consumer: 0 });
      // and, once each client has tried, why
      await eventually(
        async () => {
          const { clients } = (await readiness(app)).body.kafka;
          for (const client of [clients.producer, clients.consumer])
            expect(client).toMatchObject({
              status: 'down',
              message: expect.stringMatching(/^KafkaJS\w+: .*ECONNREFUSED/),
            });
        },
        { timeoutMs: 20000 },
      );
    }

    // Writes go to the outbox meanwhile.
    const slotId = await publishSlot(20);
    const whileDown: string[] = [];
    for (let i = 0; i < 5; i++) {
      const booked = await book(slotId);
      expect(booked.status).toBe(201);
      whileDown.push(booked.id);
    }

    // Every service stays up, live and ready for the whole outage (it used to exit 1 about 6 s after start).
    while (Date.now() - startedAt < OUTAGE_AT_BOOT_MS) {
      expect(exits).toEqual([]);
      for (const app of APPS) {
        expect((await fetch(url(app, '/health/live'))).status).toBe(200);
        const ready = await readiness(app);
        expect([ready.status, ready.body.kafka.status]).toEqual([200, 'down']);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(exits).toEqual([]);
    // Each failed attempt is a warning line, and no line carries a stack trace.
    for (const app of APPS) {
      expect(logs[app].filter((line) => line.includes('consumer could not start')).length).toBeGreaterThan(1);
      expect(logs[app].filter((line) => line.includes('"stack"'))).toEqual([]);
    }

    cluster.setAllBrokersUp();
    const booking = await collect(Topics.booking);
    await eventually(
      () =>
        expect([...bookedIds(booking)].filter((id) => whileDown.includes(id)).sort()).toEqual([...whileDown].sort()),
      { timeoutMs: 60000 },
    );

    // The consumers consume: a registration is turned into a schedule by the schedule service.
    const citizenId = randomUUID();
    const today = localDateOf(new Date());
    const registered = createEvent(
      CitizenRegisteredEvent,
      {
        citizenId,
        jobcenterCode: JOBCENTER,
        contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
        birthDate: '1980-02-02',
        registeredAt: new Date().toISOString(),
        anchorDate: addDays(today, -30),
        contact: { email: `borger-${citizenId}@example.dk`, digitalPostEnabled: true, language: Language.DA },
      },
      { subject: citizenId, source: 'jobcenter-system' },
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: Topics.citizen, messages: [{ key: citizenId, value: JSON.stringify(registered) }] });
    await producer.disconnect();
    const schedule = await collect(Topics.schedule);
    await eventually(
      () => expect(schedule.filter((e) => e.type === 'schedule.calculated' && e.subject === citizenId)).toHaveLength(1),
      { timeoutMs: 60000 },
    );

    for (const app of APPS) {
      await eventually(
        async () => {
          const ready = await readiness(app);
          expect([ready.status, ready.body.kafka.status]).toEqual([200, 'up']);
          expect(await kafkaGauge(app)).toEqual({ producer: 1, consumer: 1 });
        },
        { timeoutMs: 60000 },
      );
    }
    for (const reader of readers.splice(0)) await reader.disconnect();
  });

  it('the broker lost mid-run while citizens book: every booking is accepted (201) and every one is published after, none lost', async () => {
    const slotId = await publishSlot(500);
    const booking = await collect(Topics.booking);
    const accepted: string[] = [];
    const statuses: number[] = [];
    const bookFor = async (ms: number) => {
      for (const until = Date.now() + ms; Date.now() < until;) {
        const booked = await book(slotId);
        statuses.push(booked.status);
        if (booked.status === 201) accepted.push(booked.id);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };

    await bookFor(3000);
    cluster.setAllBrokersDown();
    const outageStarted = Date.now();
    const bookedBefore = accepted.length;
    // Ready all along; the body (and the gauge) say Kafka is down once the clients notice.
    const noticing = eventually(
      async () => {
        const ready = await readiness('booking-service');
        expect([ready.status, ready.body.kafka.status]).toEqual([200, 'down']);
        expect((await kafkaGauge('booking-service')).producer).toBe(0);
      },
      { timeoutMs: 30000, intervalMs: 250 },
    );
    await bookFor(15000);
    await noticing;
    for (const app of APPS) expect((await readiness(app)).status).toBe(200);
    const bookedWhileDown = accepted.length - bookedBefore;
    cluster.setAllBrokersUp();
    const outageMs = Date.now() - outageStarted;
    await bookFor(3000);

    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    expect(exits).toEqual([]);
    for (const app of APPS) expect(logs[app].filter((line) => line.includes('"stack"'))).toEqual([]);
    expect(bookedWhileDown).toBeGreaterThan(10);
    await eventually(
      () => expect([...bookedIds(booking)].filter((id) => accepted.includes(id)).sort()).toEqual([...accepted].sort()),
      { timeoutMs: 60000 },
    );
    process.stdout.write(
      `kafka-outage: ${accepted.length} bookings (broker down ${outageMs} ms), ${bookedWhileDown} while it was down; all ${accepted.length} booking.booked on ${Topics.booking}\n`,
    );
  });
});
