/**
 * Issue 23, items 1–3, end to end with the clock moved: the ways a citizen escaped, or was wrongly hit by, a legal
 * deadline. Schedule, deadline and booking services as processes over the real harness; Kafka input, REST, topics.
 * The deadline service judges "no free slots" from the start here (NO_FREE_SLOTS_TRACKING_LEAD_DAYS=0): jobcenter
 * 10101 publishes slots, jobcenter 75101 none.
 */
import { addDays, endOfLocalDay, localDateOf, localTimeToInstantOrLater, nextWorkingDay } from '@selvbook/calendar';
import {
  CitizenRegisteredEvent,
  ContactGroup,
  createEvent,
  dlqTopic,
  EventEnvelope,
  INTERNAL_TOPICS,
  jobcenterTopic,
  akasseTopic,
  Language,
  Topics,
} from '@selvbook/contracts';
import {
  createTestDatabase,
  eventually,
  KafkaMockCluster,
  mintDevToken,
  ServiceProcess,
  TEST_CONSUMER_TUNING,
} from '@selvbook/testing';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { e2eServiceEnv } from './e2e-services';
import { anchorsWhere, PlannedDeadline } from '../demo/seed';

const WITH_SLOTS = '10101';
const WITHOUT_SLOTS = '75101';
const APPS = ['schedule-service', 'deadline-service', 'booking-service'] as const;
type App = (typeof APPS)[number];
type Opened = EventEnvelope<{
  deadlineId: string;
  deadlineDate: string;
  latestMeetingDate: string;
  conversationNumber: number;
  conversationType: number;
}>;
type Conversation = { number: number; status: string; windowTo: string };

describe('Issue 23 end to end: deadlines a citizen cannot escape, nor be wrongly hit by', () => {
  let cluster: KafkaMockCluster;
  let kafka: Kafka;
  let producer: Producer;
  let reader: Consumer;
  let deadlineDb: Client;
  const services = {} as Record<App, ServiceProcess>;
  const seen: { topic: string; event: EventEnvelope }[] = [];
  let system: string;
  let calendarId: string;
  let caseworker: string;

  beforeAll(async () => {
    cluster = KafkaMockCluster.start();
    for (const topic of [
      ...INTERNAL_TOPICS,
      jobcenterTopic(WITH_SLOTS),
      jobcenterTopic(WITHOUT_SLOTS),
      akasseTopic('akasse-a'),
    ]) {
      cluster.createTopic(topic, 3);
      cluster.createTopic(dlqTopic(topic), 1);
    }
    const databases = {} as Record<App, string>;
    for (const app of APPS) {
      databases[app] = await createTestDatabase(`escapes_${app.replace('-service', '')}`);
      services[app] = new ServiceProcess({
        app,
        env: {
          ...(await e2eServiceEnv(databases[app], cluster.bootstrapServers)),
          ...(app === 'deadline-service' ? { NO_FREE_SLOTS_TRACKING_LEAD_DAYS: '0' } : {}),
        },
        onLine: (line, stream) =>
          (stream === 'stderr' || process.env.E2E_LOGS) && process.stderr.write(`[${app}] ${line}\n`),
      }).start();
    }
    deadlineDb = new Client({ connectionString: databases['deadline-service'] });
    await deadlineDb.connect();
    kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: `e2e-escapes-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
    await reader.connect();
    await reader.subscribe({
      topics: [...INTERNAL_TOPICS, jobcenterTopic(WITH_SLOTS), jobcenterTopic(WITHOUT_SLOTS), akasseTopic('akasse-a')],
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ topic, message }) =>
        void seen.push({ topic, event: JSON.parse(message.value!.toString()) }),
    });
    await Promise.all(APPS.map((app) => services[app].waitReady(60000)));
    system = await mintDevToken({ role: 'system' });

    // Jobcenter 10101: a caseworker's calendar with 40 days of weekday slots, every format, types 7 and 17.
    caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: WITH_SLOTS, subject: 'cw-eva' });
    const calendar = await call<{ id: string }>('booking-service', 'POST', '/v1/calendars', caseworker, {
      name: 'Team Øst',
      defaultLocation: 'Jobcenter, Vej 2',
    });
    expect(calendar.status).toBe(201);
    calendarId = calendar.body.id;
    const today = localDateOf(new Date());
    const generated = await call('booking-service', 'POST', `/v1/calendars/${calendarId}/slots/generate`, caseworker, {
      from: addDays(today, 1),
      to: addDays(today, 40),
      periods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '12:00' })),
      slotMinutes: 45,
      gapMinutes: 15,
      conversationTypes: [7, 17],
      formats: ['IN_PERSON', 'PHONE', 'VIDEO'],
      capacity: 1,
    });
    expect(generated.status).toBeLessThan(300);
    // A working-day morning: a first request for help today opens the first conversation's window today.
    await advanceAllTo(localTimeToInstantOrLater(nextWorkingDay(today), 8 * 60));
  });

  afterAll(async () => {
    await reader?.disconnect();
    await producer?.disconnect();
    await deadlineDb?.end();
    await Promise.all(APPS.map((app) => services[app]?.stop()));
    cluster?.stop();
  });

  async function call<T>(
    app: App,
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`http://127.0.0.1:${services[app].port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  }
  const systemNow = async () =>
    new Date((await call<{ now: string }>('schedule-service', 'GET', '/v1/admin/clock', system)).body.now);
  async function advanceAllTo(instant: Date): Promise<void> {
    for (const app of APPS)
      expect([200, 409]).toContain(
        (await call(app, 'POST', '/v1/admin/clock', system, { setTo: instant.toISOString() })).status,
      );
  }
  const eventsOf = (citizenId: string, type: string, topic?: string) =>
    seen
      .filter((s) => s.event.subject === citizenId && s.event.type === type && (!topic || s.topic === topic))
      .map((s) => s.event);
  /**
   * A kontanthjælp (jobparat) citizen registered today with a first request for help for which the rules open one
   * self-booking deadline today that `accept` takes (found with the services' own rules: anchorsWhere). The first
   * conversation itself (within a week) is summoned, not self-booked [F:S16 §31 stk. 5, F:S5]: the deadlines here
   * are for later conversations.
   */
  async function registerKh(
    citizenId: string,
    jobcenterCode: string,
    accept: (d: PlannedDeadline) => boolean = () => true,
  ): Promise<Opened> {
    const at = await systemNow();
    const [anchorDate] = anchorsWhere(ContactGroup.SOCIAL_ASSISTANCE_JOB_READY, localDateOf(at), accept);
    await producer.send({
      topic: Topics.citizen,
      messages: [
        {
          key: citizenId,
          value: JSON.stringify(
            createEvent(
              CitizenRegisteredEvent,
              {
                citizenId,
                jobcenterCode,
                contactGroup: ContactGroup.SOCIAL_ASSISTANCE_JOB_READY,
                birthDate: '1990-04-04',
                registeredAt: at.toISOString(),
                anchorDate,
                contact: { digitalPostEnabled: true, language: Language.DA },
              },
              { subject: citizenId, source: 'jobcenter-system' },
            ),
          ),
        },
      ],
    });
    return eventually(
      () => {
        const [opened] = eventsOf(citizenId, 'deadline.opened', Topics.deadline) as Opened[];
        expect(opened).toBeDefined();
        return opened;
      },
      { timeoutMs: 30000 },
    );
  }
  /** Half an hour after the end of the deadline day (Copenhagen), then the expiry timer runs. */
  async function letDeadlinePass(deadlineDate: string): Promise<void> {
    await advanceAllTo(new Date(endOfLocalDay(deadlineDate).getTime() + 30 * 60_000));
    expect((await call('deadline-service', 'POST', '/v1/admin/expiry-runs', system, {})).status).toBe(200);
  }

  it("[F:S5, F:S23] item 1: a KH deadline the 8-day minimum put past its conversation's window is not closed by the nightly recalculation; unmet, it expires with the deduction", async () => {
    const citizenId = randomUUID();
    const opened = await registerKh(citizenId, WITH_SLOTS, (d) => d.deadlineDate > d.conversation.windowTo);
    const first = (
      eventsOf(citizenId, 'schedule.calculated', Topics.schedule)[0] as EventEnvelope<{ conversations: Conversation[] }>
    ).data.conversations.find((c) => c.number === opened.data.conversationNumber)!;
    expect(opened.data.deadlineDate > first.windowTo).toBe(true); // the premise: the deadline runs past the window
    // The morning after the window: the nightly recalculation says OVERDUE …
    await advanceAllTo(localTimeToInstantOrLater(addDays(first.windowTo, 1), 8 * 60));
    expect((await call('schedule-service', 'POST', '/v1/admin/recalculations', system, {})).status).toBe(200);
    const overdue = await eventually(
      () => {
        const event = (
          eventsOf(citizenId, 'schedule.calculated', Topics.schedule) as EventEnvelope<{
            conversations: Conversation[];
          }>[]
        ).find((e) => e.data.conversations.some((c) => c.number === first.number && c.status === 'OVERDUE'));
        expect(event).toBeDefined();
        return event!;
      },
      { timeoutMs: 30000 },
    );
    // … and once the deadline service has taken it in, the deadline is still open: the citizen is still bound by it.
    await eventually(
      async () =>
        expect((await deadlineDb.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [overdue.id])).rowCount).toBe(1),
      { timeoutMs: 30000 },
    );
    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    const view = await call<{ deadlines: { deadlineId: string; status: string }[] }>(
      'deadline-service',
      'GET',
      `/v1/citizens/${citizenId}/deadlines`,
      citizen,
    );
    expect(view.body.deadlines.find((d) => d.deadlineId === opened.data.deadlineId)?.status).toBe('open');
    await letDeadlinePass(opened.data.deadlineDate);
    const [expired] = await eventually(
      () => {
        const events = eventsOf(citizenId, 'deadline.expired', jobcenterTopic(WITH_SLOTS)) as EventEnvelope<{
          deadlineId: string;
          consequence: string;
        }>[];
        expect(events).toHaveLength(1);
        return events;
      },
      { timeoutMs: 30000 },
    );
    expect(expired.data).toMatchObject({ deadlineId: opened.data.deadlineId, consequence: 'DEDUCTION' });
    expect(eventsOf(citizenId, 'deadline.closed')).toEqual([]);
  });

  it('[F:S22, F:S23] item 2: a booking after latestMeetingDate is refused with the same 409 whether or not it names the deadline; within the window the unnamed booking fulfils it', async () => {
    const citizenId = randomUUID();
    const opened = await registerKh(citizenId, WITH_SLOTS);
    const day = addDays(opened.data.latestMeetingDate, 2);
    const startsAt = localTimeToInstantOrLater(day, 13 * 60);
    const late = await call<{ items: { id: string }[] }>(
      'booking-service',
      'POST',
      `/v1/calendars/${calendarId}/slots`,
      caseworker,
      {
        conversationTypes: [7],
        formats: ['IN_PERSON'],
        capacity: 1,
        times: [{ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString() }],
      },
    );
    expect(late.status).toBe(201);
    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    const book = (body: object) =>
      call<{ type: string; detail: string }>('booking-service', 'POST', '/v1/bookings', citizen, body, {
        'idempotency-key': randomUUID(),
      });
    // the booking service's copy of the deadline arrives over Kafka
    const named = await eventually(
      async () => {
        const r = await book({ slotId: late.body.items[0].id, deadlineId: opened.data.deadlineId });
        expect(r.status).toBe(409);
        return r;
      },
      { timeoutMs: 30000 },
    );
    expect(named.body.type).toBe('urn:selvbook:problem:after-latest-meeting-date');
    const unnamed = await book({ slotId: late.body.items[0].id });
    expect(unnamed).toEqual(named);
    // A slot in the window, unnamed: it fulfils the deadline, named in booking.booked.
    const slots = await call<{ items: { id: string }[] }>(
      'booking-service',
      'GET',
      `/v1/slots?deadlineId=${opened.data.deadlineId}`,
      citizen,
    );
    const booked = await book({ slotId: slots.body.items[0].id });
    expect(booked.status).toBe(201);
    await eventually(
      () =>
        expect(
          eventsOf(citizenId, 'booking.booked', Topics.booking).map(
            (e) => (e.data as { deadlineId?: string }).deadlineId,
          ),
        ).toEqual([opened.data.deadlineId]),
      { timeoutMs: 30000 },
    );
    await eventually(
      () =>
        expect(
          eventsOf(citizenId, 'deadline.fulfilled', Topics.deadline).map(
            (e) => (e.data as { deadlineId: string }).deadlineId,
          ),
        ).toEqual([opened.data.deadlineId]),
      { timeoutMs: 30000 },
    );
  });

  it('[F:S6] item 3: no slot at the jobcenter before the deadline: closed NO_FREE_SLOTS and the jobcenter asked to summon — no deduction', async () => {
    const citizenId = randomUUID();
    const opened = await registerKh(citizenId, WITHOUT_SLOTS);
    await letDeadlinePass(opened.data.deadlineDate);
    const [summons] = await eventually(
      () => {
        // (the first conversation's own summons, WINDOW_SHORTER_THAN_MINIMUM_DEADLINE, comes as well)
        const events = (
          eventsOf(citizenId, 'summons.requested', jobcenterTopic(WITHOUT_SLOTS)) as EventEnvelope<{
            reason: string;
            deadlineId: string;
          }>[]
        ).filter((e) => e.data.deadlineId === opened.data.deadlineId);
        expect(events).toHaveLength(1);
        return events;
      },
      { timeoutMs: 30000 },
    );
    expect(summons.data).toMatchObject({ reason: 'NO_FREE_SLOTS', deadlineId: opened.data.deadlineId });
    await eventually(
      () =>
        expect(eventsOf(citizenId, 'deadline.closed', jobcenterTopic(WITHOUT_SLOTS)).map((e) => e.data)).toEqual([
          expect.objectContaining({ deadlineId: opened.data.deadlineId, reason: 'NO_FREE_SLOTS' }),
        ]),
      { timeoutMs: 30000 },
    );
    expect(eventsOf(citizenId, 'deadline.expired')).toEqual([]);
    expect(eventsOf(citizenId, 'citizen.immediate-booking-required')).toEqual([]);
  });
});
