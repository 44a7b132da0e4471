/**
 * End to end: the services as separate processes over the real harness, driven the way a jobcenter
 * system, an a-kasse, a caseworker and a citizen meet them (Kafka input, REST, recipient topics).
 */
import { addDays, endOfLocalDay, localDateOf } from '@selvbook/calendar';
import { akasseTopic, CitizenRegisteredEvent, ContactGroup, createEvent, dlqTopic, EventEnvelope, INTERNAL_TOPICS, jobcenterTopic, Language, Topics } from '@selvbook/contracts';
import { createTestDatabase, devPublicKey, eventually, freePort, KafkaMockCluster, mintDevToken, ServiceProcess, TEST_CONSUMER_TUNING } from '@selvbook/testing';
import { DEFAULT_DEADLINE_POLICY, planSchedule } from '@selvbook/deadline';
import { calculateContactCourse } from '@selvbook/rules';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';

const JOBCENTER = '10101';
const AKASSER = ['akasse-a', 'akasse-b'];
const APPS = ['schedule-service', 'deadline-service', 'booking-service'] as const;
type App = (typeof APPS)[number];

describe('Selvbook end to end: registration → schedule → deadline → booking, and a missed deadline to the a-kasse', () => {
  let cluster: KafkaMockCluster;
  let kafka: Kafka;
  let producer: Producer;
  let reader: Consumer;
  const services = {} as Record<App, ServiceProcess>;
  const seen: { topic: string; event: EventEnvelope }[] = [];
  let system: string;

  beforeAll(async () => {
    cluster = KafkaMockCluster.start();
    const recipientTopics = [...AKASSER.map(akasseTopic), jobcenterTopic(JOBCENTER)];
    for (const topic of [...INTERNAL_TOPICS, ...recipientTopics]) {
      cluster.createTopic(topic, 3);
      cluster.createTopic(dlqTopic(topic), 1);
    }
    for (const app of APPS) {
      services[app] = new ServiceProcess({
        app,
        env: {
          PORT: String(await freePort()),
          DATABASE_URL: await createTestDatabase(app.replace('-service', '')),
          KAFKA_BROKERS: cluster.bootstrapServers,
          KAFKA_MAX_WAIT_MS: '100',
          AUTH_PUBLIC_KEY: devPublicKey(),
          CLOCK_CONTROL: 'true',
          EXPIRY_RUN_INTERVAL_MS: '3600000', // the test triggers expiry runs itself
          LOG_LEVEL: 'warn',
        },
        onLine: (line, stream) => stream === 'stderr' && process.stderr.write(`[${app}] ${line}\n`),
      }).start();
    }
    kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: 'e2e-observer', ...TEST_CONSUMER_TUNING });
    await reader.connect();
    await reader.subscribe({ topics: [...INTERNAL_TOPICS, ...recipientTopics], fromBeginning: true });
    await reader.run({ eachMessage: async ({ topic, message }) => void seen.push({ topic, event: JSON.parse(message.value!.toString()) }) });
    await Promise.all(APPS.map((app) => services[app].waitReady(60000)));
    system = await mintDevToken({ role: 'system' });
  });

  afterAll(async () => {
    await reader?.disconnect();
    await producer?.disconnect();
    await Promise.all(APPS.map((app) => services[app]?.stop()));
    cluster?.stop();
  });

  async function call<T>(app: App, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const response = await fetch(`http://127.0.0.1:${services[app].port}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  }

  async function register(citizenId: string, akasseId: string): Promise<void> {
    const anchorDate = anchorWithJobcenterDeadlineToday();
    const event = createEvent(CitizenRegisteredEvent, {
      citizenId, jobcenterCode: JOBCENTER, akasseId, contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT, birthDate: '1980-02-02',
      registeredAt: new Date().toISOString(), anchorDate, contact: { email: 'borger@example.dk', digitalPostEnabled: true, language: Language.DA },
    }, { subject: citizenId, source: 'jobcenter-system' });
    await producer.send({ topic: Topics.citizen, messages: [{ key: citizenId, value: JSON.stringify(event) }] });
  }

  /**
   * A dagpenge course some three to four months in: under R2024 the a-kasse holds months 0–3 [F:S14], so the
   * jobcenter's first conversation is due and needs a self-booking deadline. Which anchor gives that today
   * depends on the date the test runs, so it is found with the same rules the services use.
   */
  function anchorWithJobcenterDeadlineToday(): string {
    const today = localDateOf(new Date());
    for (let back = 100; back <= 150; back++) {
      const anchor = addDays(today, -back);
      const course = calculateContactCourse({ citizenId: randomUUID(), birthDate: '1980-02-02', jobcenterCode: JOBCENTER, akasseId: 'akasse-a',
        contactGroupHistory: [{ group: 'UNEMPLOYMENT_BENEFIT', from: anchor }], anchors: { firstUnemploymentBenefitDay: anchor } }, today);
      const conversations = course.conversations.filter((c) => c.series === 'COURSE').map((c) => ({ ...c, windowFrom: c.window.from, windowTo: c.window.to }));
      const plan = planSchedule({ today, contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT, jobcenterCode: JOBCENTER, conversations, active: [], exemptions: [], outages: [] } as never, DEFAULT_DEADLINE_POLICY);
      if (plan.open.length === 1) return anchor;
    }
    throw new Error('no anchor gives a jobcenter deadline today');
  }

  const eventsOf = (citizenId: string, type: string, topic?: string) =>
    seen.filter((s) => s.event.subject === citizenId && s.event.type === type && (!topic || s.topic === topic)).map((s) => s.event);

  it('a dagpenge citizen registers, gets a deadline, books a free slot, and the deadline is fulfilled', async () => {
    const caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: JOBCENTER, subject: 'cw-anna' });
    const calendar = await call<{ id: string }>('booking-service', 'POST', '/v1/calendars', caseworker, { name: 'Team Vest', defaultLocation: 'Jobcenter, Vej 1' });
    expect(calendar.status).toBe(201);
    const today = localDateOf(new Date());
    const generated = await call('booking-service', 'POST', `/v1/calendars/${calendar.body.id}/slots/generate`, caseworker, {
      from: addDays(today, 1), to: addDays(today, 60),
      periods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '12:00' })),
      slotMinutes: 45, gapMinutes: 15, conversationTypes: [7, 17], formats: ['IN_PERSON', 'PHONE', 'VIDEO'], capacity: 1,
    });
    expect(generated.status).toBeLessThan(300);

    const citizenId = randomUUID();
    await register(citizenId, 'akasse-a');
    await eventually(() => expect(eventsOf(citizenId, 'schedule.calculated', Topics.schedule)).toHaveLength(1), { timeoutMs: 30000 });
    const [opened] = await eventually(() => {
      const events = eventsOf(citizenId, 'deadline.opened', Topics.deadline);
      expect(events.length).toBeGreaterThan(0);
      return events as EventEnvelope<{ deadlineId: string; deadlineDate: string }>[];
    }, { timeoutMs: 30000 });
    expect(eventsOf(citizenId, 'deadline.opened', jobcenterTopic(JOBCENTER))).toHaveLength(1);

    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    const slots = await eventually(async () => {
      const found = await call<{ items: { id: string }[] }>('booking-service', 'GET', `/v1/slots?deadlineId=${opened.data.deadlineId}`, citizen);
      expect(found.status).toBe(200);
      expect(found.body.items.length).toBeGreaterThan(0);
      return found.body.items;
    }, { timeoutMs: 30000 });
    const booked = await call<{ id: string }>('booking-service', 'POST', '/v1/bookings', citizen, { slotId: slots[0].id, deadlineId: opened.data.deadlineId, format: 'PHONE' }, { 'idempotency-key': randomUUID() });
    expect(booked.status).toBe(201);

    await eventually(() => expect(eventsOf(citizenId, 'booking.booked', Topics.booking)).toHaveLength(1), { timeoutMs: 30000 });
    const [fulfilled] = await eventually(() => {
      const events = eventsOf(citizenId, 'deadline.fulfilled', Topics.deadline) as EventEnvelope<{ deadlineId: string; bookingId: string }>[];
      expect(events).toHaveLength(1);
      return events;
    }, { timeoutMs: 30000 });
    expect(fulfilled.data).toMatchObject({ deadlineId: opened.data.deadlineId, bookingId: booked.body.id });
    // What the citizen's front page shows: the deadline is met.
    const deadlines = await call<{ deadlines: { deadlineId: string; status: string }[] }>('deadline-service', 'GET', `/v1/citizens/${citizenId}/deadlines`, citizen);
    expect(deadlines.status).toBe(200);
    expect(deadlines.body.deadlines.find((d) => d.deadlineId === opened.data.deadlineId)?.status).toBe('fulfilled');
  });

  it("a citizen who never books: the deadline expires at local midnight, and only their own a-kasse hears of it", async () => {
    const citizenId = randomUUID();
    await register(citizenId, 'akasse-b');
    const [opened] = await eventually(() => {
      const events = eventsOf(citizenId, 'deadline.opened', Topics.deadline) as EventEnvelope<{ deadlineId: string; deadlineDate: string }>[];
      expect(events.length).toBeGreaterThan(0);
      return events;
    }, { timeoutMs: 30000 });

    // Half an hour after the end of the deadline day, Copenhagen time, in the deadline service's world.
    const after = new Date(endOfLocalDay(opened.data.deadlineDate).getTime() + 30 * 60_000);
    expect((await call('deadline-service', 'POST', '/v1/admin/clock', system, { setTo: after.toISOString() })).status).toBe(200);
    expect((await call('deadline-service', 'POST', '/v1/admin/expiry-runs', system, {})).status).toBe(200);

    const [missed] = await eventually(() => {
      const events = eventsOf(citizenId, 'akasse.deadline-missed', akasseTopic('akasse-b'));
      expect(events).toHaveLength(1);
      return events as EventEnvelope<{ consequence: string }>[];
    }, { timeoutMs: 30000 });
    expect(missed.data.consequence).toBe('DEREGISTRATION');
    await eventually(() => expect(eventsOf(citizenId, 'deadline.expired', jobcenterTopic(JOBCENTER))).toHaveLength(1));
    expect(seen.filter((s) => s.topic === akasseTopic('akasse-a') && s.event.subject === citizenId)).toEqual([]);
  });
});
