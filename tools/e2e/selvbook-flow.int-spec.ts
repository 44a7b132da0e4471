/**
 * End to end: the four services as separate processes over the real harness, driven the way a jobcenter
 * system, an a-kasse, a caseworker and a citizen meet them (Kafka input, REST, recipient topics), with what
 * the citizen is sent read from a real SMTP server and the SMS / Digital Post stand-in.
 */
import { addDays, endOfLocalDay, localDateOf, localTimeToInstantOrLater } from '@selvbook/calendar';
import {
  AbsenceCode,
  akasseTopic,
  CitizenConversationHeldEvent,
  CitizenExemptionGrantedEvent,
  CitizenRegisteredEvent,
  ContactGroup,
  ConversationHolder,
  createEvent,
  dlqTopic,
  EventEnvelope,
  ExemptionKind,
  INTERNAL_TOPICS,
  jobcenterTopic,
  Language,
  MeetingFormat,
  Topics,
} from '@selvbook/contracts';
import {
  createTestDatabase,
  eventually,
  KafkaMockCluster,
  mintDevToken,
  ServiceProcess,
  TEST_CONSUMER_TUNING,
  testEmail,
} from '@selvbook/testing';
import { DEFAULT_DEADLINE_POLICY, planSchedule } from '@selvbook/deadline';
import { formatLocalDate, formatMeetingTime } from '@selvbook/notification';
import { calculateContactCourse } from '@selvbook/rules';
import ICAL from 'ical.js';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import type { ParsedMail } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { GatewaySink, MailSink } from '../../libs/notification/test/sinks';
import { e2eServiceEnv } from './e2e-services';

const JOBCENTER = '10101';
const AKASSER = ['akasse-a', 'akasse-b'];
const APPS = ['schedule-service', 'deadline-service', 'booking-service', 'notification-service'] as const;
type App = (typeof APPS)[number];

describe('Selvbook end to end: registration → schedule → deadline → booking, and a missed deadline to the a-kasse', () => {
  let cluster: KafkaMockCluster;
  let kafka: Kafka;
  let producer: Producer;
  let reader: Consumer;
  const services = {} as Record<App, ServiceProcess>;
  const seen: { topic: string; event: EventEnvelope; raw: string }[] = [];
  let system: string;
  // The citizens' side: e-mail over SMTP, and the SMS gateway / Digital Post adapter over HTTP.
  const mail = new MailSink();
  const gateway = new GatewaySink();

  beforeAll(async () => {
    cluster = KafkaMockCluster.start();
    const recipientTopics = [...AKASSER.map(akasseTopic), jobcenterTopic(JOBCENTER)];
    for (const topic of [...INTERNAL_TOPICS, ...recipientTopics]) {
      cluster.createTopic(topic, 3);
      cluster.createTopic(dlqTopic(topic), 1);
    }
    await mail.start();
    await gateway.start();
    const notificationEnv = {
      SMTP_URL: mail.url,
      SMS_GATEWAY_URL: gateway.smsUrl,
      DIGITAL_POST_URL: gateway.digitalPostUrl,
      DELIVERY_RUN_INTERVAL_MS: '1000',
      CONTACT_RECHECK_MS: '1000',
    };
    for (const app of APPS) {
      services[app] = new ServiceProcess({
        app,
        env: {
          ...(await e2eServiceEnv(await createTestDatabase(app.replace('-service', '')), cluster.bootstrapServers)),
          ...(app === 'notification-service' ? notificationEnv : {}),
        },
        onLine: (line, stream) =>
          (stream === 'stderr' || process.env.E2E_LOGS) && process.stderr.write(`[${app}] ${line}\n`),
      }).start();
    }
    kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    reader = await observe();
    await Promise.all(APPS.map((app) => services[app].waitReady(60000)));
    system = await mintDevToken({ role: 'system' });
  });

  afterAll(async () => {
    await reader?.disconnect();
    await producer?.disconnect();
    await Promise.all(APPS.map((app) => services[app]?.stop()));
    cluster?.stop();
    await mail.stop();
    await gateway.stop();
  });

  /** Reads every topic from the beginning into `seen` (a fresh group each time). */
  async function observe(): Promise<Consumer> {
    const consumer = kafka.consumer({ groupId: `e2e-observer-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
    await consumer.connect();
    await consumer.subscribe({
      topics: [...INTERNAL_TOPICS, ...AKASSER.map(akasseTopic), jobcenterTopic(JOBCENTER)],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
        );
        seen.push({
          topic,
          event: JSON.parse(message.value!.toString()),
          raw: `${message.key?.toString()} ${JSON.stringify(headers)} ${message.value!.toString()}`,
        });
      },
    });
    return consumer;
  }

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

  async function register(
    citizenId: string,
    akasseId: string | undefined,
    group = ContactGroup.UNEMPLOYMENT_BENEFIT,
    anchorDate?: string,
    now?: Date,
    envelope: Partial<EventEnvelope> = {},
  ): Promise<void> {
    const at = now ?? (await systemNow());
    const event = createEvent(
      CitizenRegisteredEvent,
      {
        citizenId,
        jobcenterCode: JOBCENTER,
        ...(akasseId ? { akasseId } : {}),
        contactGroup: group,
        birthDate: '1980-02-02',
        registeredAt: at.toISOString(),
        anchorDate: anchorDate ?? anchorWithJobcenterDeadlineOn(localDateOf(at)),
        contact: { email: emailOf(citizenId), digitalPostEnabled: true, language: Language.DA },
      },
      { subject: citizenId, source: 'jobcenter-system' },
    );
    await send({ ...event, ...envelope });
  }

  async function send(...events: EventEnvelope[]): Promise<void> {
    await producer.send({
      topic: Topics.citizen,
      messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    });
  }

  /** The system's "now" (all services' clocks move together in this test). */
  async function systemNow(): Promise<Date> {
    return new Date((await call<{ now: string }>('schedule-service', 'GET', '/v1/admin/clock', system)).body.now);
  }

  /** Moves every service's clock forward to `instant`, as days passing would. */
  async function advanceAllTo(instant: Date): Promise<void> {
    for (const app of APPS) {
      const moved = await call(app, 'POST', '/v1/admin/clock', system, { setTo: instant.toISOString() });
      expect([200, 409]).toContain(moved.status); // 409: that service is already later
    }
  }

  type Opened = EventEnvelope<{
    deadlineId: string;
    deadlineDate: string;
    conversationNumber: number;
    conversationType: number;
  }>;
  async function openedDeadline(citizenId: string): Promise<Opened> {
    const [opened] = await eventually(
      () => {
        const events = eventsOf(citizenId, 'deadline.opened', Topics.deadline) as Opened[];
        expect(events.length).toBeGreaterThan(0);
        return events;
      },
      { timeoutMs: 30000 },
    );
    return opened;
  }

  /** Half an hour after the end of the deadline day (Copenhagen), then the expiry timer runs. */
  async function letDeadlinePass(deadlineDate: string): Promise<void> {
    await advanceAllTo(new Date(endOfLocalDay(deadlineDate).getTime() + 30 * 60_000));
    expect((await call('deadline-service', 'POST', '/v1/admin/expiry-runs', system, {})).status).toBe(200);
  }

  /**
   * A dagpenge course some three to four months in: under R2024 the a-kasse holds months 0–3 [F:S14], so the
   * jobcenter's first conversation is due and needs a self-booking deadline. Which anchor gives that today
   * depends on the date the test runs, so it is found with the same rules the services use.
   */
  function anchorWithJobcenterDeadlineOn(
    today: string,
    group = ContactGroup.UNEMPLOYMENT_BENEFIT,
    from = 100,
    to = 150,
    earliest = false,
  ): string {
    let best: { anchor: string; deadlineDate: string } | undefined;
    for (let back = from; back <= to; back++) {
      const anchor = addDays(today, -back);
      const course = calculateContactCourse(
        {
          citizenId: randomUUID(),
          birthDate: '1980-02-02',
          jobcenterCode: JOBCENTER,
          ...(group === ContactGroup.UNEMPLOYMENT_BENEFIT
            ? { akasseId: 'akasse-a', anchors: { firstUnemploymentBenefitDay: anchor } }
            : { anchors: { firstRequestForHelp: anchor } }),
          contactGroupHistory: [{ group, from: anchor }],
        },
        today,
      );
      const conversations = course.conversations
        .filter((c) => c.series === 'COURSE')
        .map((c) => ({ ...c, windowFrom: c.window.from, windowTo: c.window.to }));
      const plan = planSchedule(
        {
          today,
          contactGroup: group,
          jobcenterCode: JOBCENTER,
          conversations,
          active: [],
          exemptions: [],
          outages: [],
        } as never,
        DEFAULT_DEADLINE_POLICY,
      );
      if (plan.open.length !== 1) continue;
      if (!earliest) return anchor;
      // The shortest deadline, so the clock moves no further than the test needs (the calendar has two months of slots).
      if (!best || plan.open[0].deadlineDate < best.deadlineDate)
        best = { anchor, deadlineDate: plan.open[0].deadlineDate };
    }
    if (best) return best.anchor;
    throw new Error(`no anchor gives ${group} a jobcenter deadline today`);
  }

  const emailOf = (citizenId: string) => testEmail('borger', citizenId);
  /** Digital Post letters to the citizen, one per delivery (a repeated Idempotency-Key counts once, as the adapter drops it). */
  const digitalPostTo = (citizenId: string) => {
    const letters = gateway.digitalPost.filter(
      (r) => (r.body.recipient as { citizenId: string }).citizenId === citizenId,
    );
    return [...new Map(letters.map((r) => [r.idempotencyKey, r.body as { subject: string; text: string }])).values()];
  };
  /** E-mails to the citizen, one per Message-ID (a resend after a crash carries the same one). */
  const mailTo = (citizenId: string): ParsedMail[] => [
    ...new Map(mail.to(emailOf(citizenId)).map((m) => [m.messageId, m])).values(),
  ];
  function calendarOf(message: ParsedMail) {
    const ics = message.attachments.find((a) => a.filename?.endsWith('.ics'));
    expect(ics).toBeDefined();
    const component = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8')));
    return {
      method: component.getFirstPropertyValue('method'),
      event: new ICAL.Event(component.getFirstSubcomponent('vevent')!),
    };
  }

  const eventsOf = (citizenId: string, type: string, topic?: string) =>
    seen
      .filter((s) => s.event.subject === citizenId && s.event.type === type && (!topic || s.topic === topic))
      .map((s) => s.event);

  type FreeSlot = { id: string; startsAt: string; endsAt: string };
  /** The free slots the citizen's search offers for a deadline, once at least `atLeast` are there. */
  const freeSlots = (citizen: string, deadlineId: string, query = '', atLeast = 1): Promise<FreeSlot[]> =>
    eventually(
      async () => {
        const found = await call<{ items: FreeSlot[] }>(
          'booking-service',
          'GET',
          `/v1/slots?deadlineId=${deadlineId}${query}`,
          citizen,
        );
        expect(found.status).toBe(200);
        expect(found.body.items?.length).toBeGreaterThanOrEqual(atLeast);
        return found.body.items;
      },
      { timeoutMs: 30000 },
    );

  /** A caseworker's calendar with two months of weekday slots at the jobcenter, published once per file. */
  let slotsPublished: Promise<void> | undefined;
  const publishSlots = () =>
    (slotsPublished ??= (async () => {
      const caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: JOBCENTER, subject: 'cw-anna' });
      const calendar = await call<{ id: string }>('booking-service', 'POST', '/v1/calendars', caseworker, {
        name: 'Team Vest',
        defaultLocation: 'Jobcenter, Vej 1',
      });
      expect(calendar.status).toBe(201);
      const today = localDateOf(new Date());
      const generated = await call(
        'booking-service',
        'POST',
        `/v1/calendars/${calendar.body.id}/slots/generate`,
        caseworker,
        {
          from: addDays(today, 1),
          to: addDays(today, 60),
          periods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '12:00' })),
          slotMinutes: 45,
          gapMinutes: 15,
          conversationTypes: [7, 17],
          formats: ['IN_PERSON', 'PHONE', 'VIDEO'],
          capacity: 1,
        },
      );
      expect(generated.status).toBeLessThan(300);
    })());

  it('a dagpenge citizen registers, is told of the deadline, books a free slot, gets a receipt with .ics, the deadline is fulfilled, the meeting held, and the next deadline given', async () => {
    await publishSlots();

    const citizenId = randomUUID();
    await register(citizenId, 'akasse-a');
    await eventually(() => expect(eventsOf(citizenId, 'schedule.calculated', Topics.schedule)).toHaveLength(1), {
      timeoutMs: 30000,
    });
    const [opened] = await eventually(
      () => {
        const events = eventsOf(citizenId, 'deadline.opened', Topics.deadline);
        expect(events.length).toBeGreaterThan(0);
        return events as Opened[];
      },
      { timeoutMs: 30000 },
    );
    await eventually(() => expect(eventsOf(citizenId, 'deadline.opened', jobcenterTopic(JOBCENTER))).toHaveLength(1)); // another topic: no order between them

    // The citizen is told, by Digital Post (they have it), by when to book and where.
    const [letter] = await eventually(
      () => {
        const letters = digitalPostTo(citizenId);
        expect(letters).toHaveLength(1);
        return letters;
      },
      { timeoutMs: 30000 },
    );
    expect(letter.subject).toMatch(
      new RegExp(`^Du skal booke din .+ senest ${formatLocalDate(opened.data.deadlineDate, Language.DA)}$`),
    );
    expect(letter.text).toContain('https://job.jobnet.dk/selvbook');

    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    const slots = await freeSlots(citizen, opened.data.deadlineId);
    const booked = await call<{ id: string }>(
      'booking-service',
      'POST',
      '/v1/bookings',
      citizen,
      { slotId: slots[0].id, deadlineId: opened.data.deadlineId, format: 'PHONE' },
      { 'idempotency-key': randomUUID() },
    );
    expect(booked.status).toBe(201);

    const [bookedEvent] = await eventually(
      () => {
        const events = eventsOf(citizenId, 'booking.booked', Topics.booking);
        expect(events).toHaveLength(1);
        return events;
      },
      { timeoutMs: 30000 },
    );
    const [fulfilled] = await eventually(
      () => {
        const events = eventsOf(citizenId, 'deadline.fulfilled', Topics.deadline) as EventEnvelope<{
          deadlineId: string;
          bookingId: string;
        }>[];
        expect(events).toHaveLength(1);
        return events;
      },
      { timeoutMs: 30000 },
    );
    expect(fulfilled.data).toMatchObject({ deadlineId: opened.data.deadlineId, bookingId: booked.body.id });
    // What the citizen's front page shows: the deadline is met.
    const deadlines = await call<{ deadlines: { deadlineId: string; status: string }[] }>(
      'deadline-service',
      'GET',
      `/v1/citizens/${citizenId}/deadlines`,
      citizen,
    );
    expect(deadlines.status).toBe(200);
    expect(deadlines.body.deadlines.find((d) => d.deadlineId === opened.data.deadlineId)?.status).toBe('fulfilled');

    // The receipt: one e-mail with the meeting as a calendar file (RFC 5545 REQUEST) the citizen's calendar can take.
    const [receipt] = await eventually(
      () => {
        const mails = mailTo(citizenId);
        expect(mails).toHaveLength(1);
        return mails;
      },
      { timeoutMs: 30000 },
    );
    expect(receipt.subject).toMatch(
      new RegExp(`^Kvittering: .+ ${formatMeetingTime(slots[0].startsAt, Language.DA)}$`),
    );
    const { method, event: meeting } = calendarOf(receipt);
    expect(method).toBe('REQUEST');
    expect(meeting.uid).toBe(`booking-${booked.body.id}@selvbook.dk`);
    expect(meeting.startDate.toJSDate().toISOString()).toBe(new Date(slots[0].startsAt).toISOString());
    expect(meeting.endDate.toJSDate().toISOString()).toBe(new Date(slots[0].endsAt).toISOString());
    // booked by phone: the calendar entry and the receipt say they call, not the jobcenter's address (issue 20)
    expect(meeting.location).toBe('telefonmøde, vi ringer til dig');
    expect(receipt.text).toContain('Mødeform: telefon\nTelefon: ');
    expect(receipt.text).not.toContain('Jobcenter, Vej 1');
    // Each message is also an event, caused by the event it answers.
    await eventually(
      () =>
        expect(
          eventsOf(citizenId, 'notification.sent', Topics.notification).map((e) => ({
            causationId: e.causationId,
            data: e.data,
          })),
        ).toEqual(
          expect.arrayContaining([
            {
              causationId: opened.id,
              data: expect.objectContaining({
                kind: 'DEADLINE_GIVEN',
                channel: 'DIGITAL_POST',
                deadlineId: opened.data.deadlineId,
              }),
            },
            {
              causationId: bookedEvent.id,
              data: expect.objectContaining({ kind: 'BOOKING_RECEIPT', channel: 'EMAIL', bookingId: booked.body.id }),
            },
          ]),
        ),
      { timeoutMs: 30000 },
    );
    expect(eventsOf(citizenId, 'notification.sent', Topics.notification)).toHaveLength(2);

    // The meeting is held: the caseworker registers it, and the jobcenter's own system reports the conversation held.
    await advanceAllTo(new Date(new Date(slots[0].startsAt).getTime() + 60 * 60_000));
    const caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: JOBCENTER });
    expect(
      (
        await call('booking-service', 'POST', `/v1/bookings/${booked.body.id}/attendance`, caseworker, {
          outcome: 'HELD',
        })
      ).status,
    ).toBe(200);
    await eventually(() => expect(eventsOf(citizenId, 'booking.attended', Topics.booking)).toHaveLength(1), {
      timeoutMs: 30000,
    });
    await send(
      createEvent(
        CitizenConversationHeldEvent,
        {
          citizenId,
          jobcenterCode: JOBCENTER,
          akasseId: 'akasse-a',
          conversationType: opened.data.conversationType,
          heldAt: slots[0].startsAt,
          heldBy: ConversationHolder.JOBCENTER,
          bookingId: booked.body.id,
          format: MeetingFormat.PHONE,
        },
        { subject: citizenId, source: 'jobcenter-system' },
      ),
    );
    // Recalculated with that conversation held; the next one the citizen must book lies ahead.
    type Conversation = {
      type: number;
      heldBy: string;
      status: string;
      needsBookingDeadline: boolean;
      windowFrom: string;
      windowTo: string;
    };
    const next = await eventually(
      () => {
        const schedules = eventsOf(citizenId, 'schedule.calculated', Topics.schedule) as EventEnvelope<{
          conversations: Conversation[];
        }>[];
        const recalculated = schedules
          .map((e) => e.data.conversations)
          .find((cs) => cs.some((c) => c.status === 'HELD' && c.heldBy === 'JOBCENTER'));
        expect(recalculated).toBeDefined();
        const [upcoming] = recalculated!
          .filter((c) => c.status !== 'HELD' && c.needsBookingDeadline)
          .sort((a, b) => a.windowFrom.localeCompare(b.windowFrom));
        expect(upcoming).toBeDefined();
        return upcoming;
      },
      { timeoutMs: 30000 },
    );
    // On the morning its window opens, the nightly recalculation gives the next deadline, and the citizen is told.
    await advanceAllTo(localTimeToInstantOrLater(next.windowFrom, 8 * 60));
    expect((await call('schedule-service', 'POST', '/v1/admin/recalculations', system, {})).status).toBe(200);
    const nextDeadline = await eventually(
      () => {
        const events = (eventsOf(citizenId, 'deadline.opened', Topics.deadline) as Opened[]).filter(
          (e) => e.data.deadlineId !== opened.data.deadlineId,
        );
        expect(events).toHaveLength(1);
        return events[0];
      },
      { timeoutMs: 30000 },
    );
    expect(nextDeadline.data.conversationType).toBe(next.type);
    expect(nextDeadline.data.deadlineDate >= next.windowFrom && nextDeadline.data.deadlineDate <= next.windowTo).toBe(
      true,
    );
    // (Between the two, a meeting reminder may have gone out too, when the booking left more than a day before it.)
    await eventually(
      () =>
        expect(
          digitalPostTo(citizenId)
            .map((l) => l.subject)
            .filter((subject) => subject.startsWith('Du skal booke')),
        ).toEqual([
          letter.subject,
          expect.stringMatching(new RegExp(`senest ${formatLocalDate(nextDeadline.data.deadlineDate, Language.DA)}$`)),
        ]),
      { timeoutMs: 30000 },
    );
  });

  it('defect 1: correlation ids chosen by callers ("jc-4711" on a registration, "req-4711" on a booking) never decide whether events take effect', async () => {
    await publishSlots();
    const citizenId = randomUUID();
    await register(citizenId, 'akasse-a', undefined, undefined, undefined, { correlationId: 'jc-4711' });
    const opened = await openedDeadline(citizenId);
    expect(opened.correlationId).not.toBe('jc-4711');
    // The deadline is given: the registration took full effect down to the citizen's letter.
    await eventually(() => expect(digitalPostTo(citizenId)).toHaveLength(1), { timeoutMs: 30000 });

    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    const [slot] = await freeSlots(citizen, opened.data.deadlineId);
    const booked = await call<{ id: string }>(
      'booking-service',
      'POST',
      '/v1/bookings',
      citizen,
      { slotId: slot.id, deadlineId: opened.data.deadlineId, format: 'PHONE' },
      { 'idempotency-key': randomUUID(), 'x-correlation-id': 'req-4711' },
    );
    expect(booked.status).toBe(201);
    // The receipt is sent (before the fix, notification-service dead-lettered booking.booked: correlation_id was a uuid column).
    await eventually(() => expect(mailTo(citizenId)).toHaveLength(1), { timeoutMs: 30000 });
    const [bookedEvent] = eventsOf(citizenId, 'booking.booked', Topics.booking);
    expect(bookedEvent.correlationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // Nothing Selvbook wrote carries the caller's ids (the registration itself, on the input topic, is the caller's).
    expect(seen.filter((s) => s.topic !== Topics.citizen && /(req|jc)-4711/.test(s.raw))).toEqual([]);
  });

  it('defect 3: a CPR number given as correlation id, causation id or trace id (HTTP or Kafka) reaches no event and no header', async () => {
    await publishSlots();
    const cpr = '0101801001';
    const citizenId = randomUUID();
    await register(citizenId, 'akasse-a', undefined, undefined, undefined, {
      correlationId: cpr,
      causationId: 'aa010180-1001-4aaa-8aaa-aaaaaaaaaaaa',
    });
    const opened = await openedDeadline(citizenId);
    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    const [slot] = await freeSlots(citizen, opened.data.deadlineId);
    const booked = await call<{ id: string }>(
      'booking-service',
      'POST',
      '/v1/bookings',
      citizen,
      { slotId: slot.id, deadlineId: opened.data.deadlineId, format: 'PHONE' },
      {
        'idempotency-key': randomUUID(),
        'x-correlation-id': cpr,
        traceparent: `00-abcdef${cpr}abcdefabcdefabcd-b7ad6b7169203331-01`,
      },
    );
    expect(booked.status).toBe(201);
    // Everything the booking causes is out: the deadline met, the receipt sent (and its notification.sent event).
    await eventually(() => expect(eventsOf(citizenId, 'deadline.fulfilled', Topics.deadline)).toHaveLength(1), {
      timeoutMs: 30000,
    });
    await eventually(
      () => expect(eventsOf(citizenId, 'notification.sent', Topics.notification).length).toBeGreaterThanOrEqual(2),
      { timeoutMs: 30000 },
    );
    const mine = seen.filter((s) => s.event.subject === citizenId || s.raw.includes(citizenId));
    expect(mine.length).toBeGreaterThan(5);
    expect(
      seen.filter((s) => s.topic !== Topics.citizen && (s.raw.includes(cpr) || s.raw.includes('010180-1001'))),
    ).toEqual([]);
  });

  it('a citizen who never books: the deadline expires at local midnight, and only their own a-kasse hears of it', async () => {
    const citizenId = randomUUID();
    await register(citizenId, 'akasse-b');
    const opened = await openedDeadline(citizenId);
    await letDeadlinePass(opened.data.deadlineDate);

    const [missed] = await eventually(
      () => {
        const events = eventsOf(citizenId, 'akasse.deadline-missed', akasseTopic('akasse-b'));
        expect(events).toHaveLength(1);
        return events as EventEnvelope<{ consequence: string }>[];
      },
      { timeoutMs: 30000 },
    );
    expect(missed.data.consequence).toBe('DEREGISTRATION');
    await eventually(() => expect(eventsOf(citizenId, 'deadline.expired', jobcenterTopic(JOBCENTER))).toHaveLength(1));
    expect(seen.filter((s) => s.topic === akasseTopic('akasse-a') && s.event.subject === citizenId)).toEqual([]);
    // RULES §5 [I]: immediate booking is required from the day after.
    await eventually(() =>
      expect(eventsOf(citizenId, 'citizen.immediate-booking-required', Topics.deadline)).toHaveLength(1),
    );

    // Deregistered by the a-kasse, the citizen registers again: the flag survives re-registration, their page says book at once.
    await register(citizenId, 'akasse-b');
    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    await eventually(
      async () => {
        const view = await call<{ immediateBookingRequired: boolean }>(
          'deadline-service',
          'GET',
          `/v1/citizens/${citizenId}/deadlines`,
          citizen,
        );
        expect(view.status).toBe(200);
        expect(view.body.immediateBookingRequired).toBe(true);
      },
      { timeoutMs: 30000 },
    );
  });

  it("R2020 §31 stk. 5 [F:S16, F:S5]: a new kontanthjælp citizen's first conversation (within a week) is summoned, not given a deadline", async () => {
    const citizenId = randomUUID();
    await register(citizenId, undefined, ContactGroup.SOCIAL_ASSISTANCE_JOB_READY, localDateOf(await systemNow()));
    await eventually(
      () => {
        const summons = eventsOf(citizenId, 'summons.requested', jobcenterTopic(JOBCENTER)) as EventEnvelope<{
          reason: string;
          conversationNumber: number;
        }>[];
        expect(summons.map((e) => e.data)).toEqual([
          expect.objectContaining({ reason: 'WINDOW_SHORTER_THAN_MINIMUM_DEADLINE', conversationNumber: 1 }),
        ]);
      },
      { timeoutMs: 30000 },
    );
    expect(eventsOf(citizenId, 'deadline.opened', Topics.deadline)).toEqual([]);
  });

  it('a kontanthjælp citizen who misses the deadline: the jobcenter hears of it (deduction), no a-kasse does', async () => {
    const citizenId = randomUUID();
    // A request for help some weeks ago, so a later conversation's deadline (the 8-day minimum) opens today.
    const today = localDateOf(await systemNow());
    await register(
      citizenId,
      undefined,
      ContactGroup.SOCIAL_ASSISTANCE_JOB_READY,
      anchorWithJobcenterDeadlineOn(today, ContactGroup.SOCIAL_ASSISTANCE_JOB_READY, 8, 200, true),
    );
    const opened = await openedDeadline(citizenId);
    await letDeadlinePass(opened.data.deadlineDate);
    const [expired] = await eventually(
      () => {
        const events = eventsOf(citizenId, 'deadline.expired', jobcenterTopic(JOBCENTER)) as EventEnvelope<{
          consequence: string;
        }>[];
        expect(events).toHaveLength(1);
        return events;
      },
      { timeoutMs: 30000 },
    );
    expect(expired.data.consequence).toBe('DEDUCTION');
    expect(seen.filter((s) => s.topic.startsWith('selvbook.akasse.') && s.event.subject === citizenId)).toEqual([]);
  });

  it('[F:S17, F:S23] an exemption (absence 56) closes the open deadline with its code, whichever of exemption and recalculated schedule arrives first, and the jobcenter is asked to summon instead', async () => {
    const citizenId = randomUUID();
    await register(citizenId, 'akasse-a');
    const opened = await openedDeadline(citizenId);
    const today = localDateOf(await systemNow());
    await send(
      createEvent(
        CitizenExemptionGrantedEvent,
        {
          citizenId,
          jobcenterCode: JOBCENTER,
          akasseId: 'akasse-a',
          exemptionId: randomUUID(),
          kind: ExemptionKind.EXEMPTION,
          absenceCode: AbsenceCode.EXEMPT_FROM_SELF_BOOKING,
          validFrom: today,
        },
        { subject: citizenId, source: 'jobcenter-system' },
      ),
    );
    const [closed] = await eventually(
      () => {
        const events = eventsOf(citizenId, 'deadline.closed', Topics.deadline) as EventEnvelope<{
          deadlineId: string;
          reason: string;
        }>[];
        expect(events).toHaveLength(1);
        return events;
      },
      { timeoutMs: 60000 },
    );
    type Summons = EventEnvelope<{ deadlineId?: string; conversationNumber: number; conversationType: number }>;
    const summonses = () => eventsOf(citizenId, 'summons.requested', jobcenterTopic(JOBCENTER)) as Summons[];
    const ofThisConversation = {
      conversationNumber: opened.data.conversationNumber,
      conversationType: opened.data.conversationType,
    };
    // The exemption reaches the deadline service on the citizen topic; the schedule the schedule service recalculates
    // for it (booking-deadline flag cleared, the exemption carried along) on the schedule topic. Either can come first,
    // and the outcome is one [F:S17, F:S23] (issue 23 item 6): closed with absence 56, a summons replacing the deadline.
    expect(closed.data).toMatchObject({
      deadlineId: opened.data.deadlineId,
      reason: 'ABSENCE_REGISTERED',
      absenceCode: AbsenceCode.EXEMPT_FROM_SELF_BOOKING,
    });
    await eventually(() => expect(eventsOf(citizenId, 'schedule.calculated', Topics.schedule)).toHaveLength(2), {
      timeoutMs: 30000,
    });
    await eventually(
      () =>
        expect(summonses().map((e) => e.data)).toEqual([
          expect.objectContaining({ ...ofThisConversation, deadlineId: opened.data.deadlineId }),
        ]),
      { timeoutMs: 60000 },
    );
    // What the citizen's front page shows: no self-booking while exempt.
    const view = await call<{ canSelfBook: boolean }>(
      'deadline-service',
      'GET',
      `/v1/citizens/${citizenId}/deadlines`,
      await mintDevToken({ role: 'citizen', citizenId }),
    );
    expect(view.body.canSelfBook).toBe(false);
  });

  it('a rebooking: the citizen moves the meeting to another slot, the jobcenter hears of it, and the deadline stays met by the new booking', async () => {
    await publishSlots();
    const citizenId = randomUUID();
    await register(citizenId, 'akasse-a');
    const opened = await openedDeadline(citizenId);
    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    const slots = await freeSlots(citizen, opened.data.deadlineId, '&format=PHONE', 2);
    const booked = await call<{ id: string }>(
      'booking-service',
      'POST',
      '/v1/bookings',
      citizen,
      { slotId: slots[0].id, deadlineId: opened.data.deadlineId, format: 'PHONE' },
      { 'idempotency-key': randomUUID() },
    );
    expect(booked.status).toBe(201);
    await eventually(() => expect(eventsOf(citizenId, 'deadline.fulfilled', Topics.deadline)).toHaveLength(1), {
      timeoutMs: 30000,
    });

    // As the README's curl example does: read the booking's ETag, send it back as If-Match.
    const current = await fetch(`http://127.0.0.1:${services['booking-service'].port}/v1/bookings/${booked.body.id}`, {
      headers: { authorization: `Bearer ${citizen}` },
    });
    expect(current.status).toBe(200);
    const rebooked = await call<{ id: string; slotId: string }>(
      'booking-service',
      'POST',
      `/v1/bookings/${booked.body.id}/rebook`,
      citizen,
      { slotId: slots[1].id },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(rebooked.status).toBe(201);
    expect(rebooked.body.slotId).toBe(slots[1].id);

    const [event] = await eventually(
      () => {
        const events = eventsOf(citizenId, 'booking.rebooked', jobcenterTopic(JOBCENTER)) as EventEnvelope<{
          bookingId: string;
          previousBookingId: string;
        }>[];
        expect(events).toHaveLength(1);
        return events;
      },
      { timeoutMs: 30000 },
    );
    expect(event.data).toMatchObject({ bookingId: rebooked.body.id, previousBookingId: booked.body.id });
    // another topic: no order between the two, so wait for it in its own right
    const [cancelled] = await eventually(() => {
      const events = eventsOf(citizenId, 'booking.cancelled', Topics.booking) as EventEnvelope<{
        bookingId: string;
        reason: string;
      }>[];
      expect(events).toHaveLength(1);
      return events;
    });
    expect(cancelled.data).toMatchObject({ bookingId: booked.body.id, reason: 'REBOOKED' });
    // The deadline stays met: never reopened, and fulfilled now by the new booking.
    await eventually(async () => {
      const view = await call<{ deadlines: { deadlineId: string; status: string; bookingId?: string }[] }>(
        'deadline-service',
        'GET',
        `/v1/citizens/${citizenId}/deadlines`,
        citizen,
      );
      expect(view.body.deadlines.find((d) => d.deadlineId === opened.data.deadlineId)).toMatchObject({
        status: 'fulfilled',
        bookingId: rebooked.body.id,
      });
    });
    expect(eventsOf(citizenId, 'deadline.reopened')).toEqual([]);
    // The old slot is free again for others.
    const again = await call<{ items: { id: string }[] }>(
      'booking-service',
      'GET',
      `/v1/slots?deadlineId=${opened.data.deadlineId}&format=PHONE`,
      citizen,
    );
    expect(again.body.items.map((i) => i.id)).toContain(slots[0].id);
  });

  it("a no-show at a booked meeting reaches the citizen's a-kasse", async () => {
    await publishSlots();
    const citizenId = randomUUID();
    await register(citizenId, 'akasse-a');
    const opened = await openedDeadline(citizenId);
    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    const slots = await freeSlots(citizen, opened.data.deadlineId);
    const booked = await call<{ id: string }>(
      'booking-service',
      'POST',
      '/v1/bookings',
      citizen,
      { slotId: slots[0].id, deadlineId: opened.data.deadlineId, format: 'IN_PERSON' },
      { 'idempotency-key': randomUUID() },
    );
    expect(booked.status).toBe(201);
    await advanceAllTo(new Date(new Date(slots[0].startsAt).getTime() + 60 * 60_000));
    const caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: JOBCENTER });
    const noShow = await call('booking-service', 'POST', `/v1/bookings/${booked.body.id}/attendance`, caseworker, {
      outcome: 'NO_SHOW',
    });
    expect(noShow.status).toBe(200);
    const [akasse] = await eventually(
      () => {
        const events = eventsOf(citizenId, 'akasse.no-show', akasseTopic('akasse-a'));
        expect(events).toHaveLength(1);
        return events as EventEnvelope<{ bookingId: string }>[];
      },
      { timeoutMs: 30000 },
    );
    expect(akasse.data.bookingId).toBe(booked.body.id);
    expect(seen.filter((s) => s.topic === akasseTopic('akasse-b') && s.event.subject === citizenId)).toEqual([]);
  });

  it('survives faults: the broker down for 30 s mid-scenario, and each service killed (SIGKILL) and restarted', async () => {
    await publishSlots();
    const citizenId = randomUUID();
    const uniqueIds = (type: string, topic: string) => new Set(eventsOf(citizenId, type, topic).map((e) => e.id)).size;

    // A service's test clock lives in its process: a restarted one is brought back to the system's time.
    const now = await systemNow();
    const restart = async (app: App) => {
      services[app].start();
      await services[app].waitReady(60000);
      await advanceAllTo(now);
    };

    // The schedule service dies; the registration waits on Kafka until it is back.
    await services['schedule-service'].kill();
    await register(citizenId, 'akasse-a', ContactGroup.UNEMPLOYMENT_BENEFIT, undefined, now);
    await restart('schedule-service');
    const opened = await openedDeadline(citizenId);

    // The broker goes down for 30 s while the citizen books: the booking is accepted (outbox), events flow after.
    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    const slots = await freeSlots(citizen, opened.data.deadlineId);
    cluster.setAllBrokersDown();
    const brokerBack = new Promise((resolve) => setTimeout(resolve, 30_000));
    const booked = await call<{ id: string }>(
      'booking-service',
      'POST',
      '/v1/bookings',
      citizen,
      { slotId: slots[0].id, deadlineId: opened.data.deadlineId, format: 'VIDEO' },
      { 'idempotency-key': randomUUID() },
    );
    expect(booked.status).toBe(201);
    // The deadline service is killed while the broker is down, and restarted after.
    await services['deadline-service'].kill();
    await brokerBack;
    cluster.setAllBrokersUp();
    await restart('deadline-service');
    await eventually(() => expect(uniqueIds('deadline.fulfilled', Topics.deadline)).toBe(1), { timeoutMs: 90000 });

    // The receipt reached the citizen once, with its calendar file.
    await eventually(() => expect(mailTo(citizenId)).toHaveLength(1), { timeoutMs: 30000 });

    // The booking service is killed and restarted; a cancellation afterwards reopens the deadline, once.
    await services['booking-service'].kill();
    await restart('booking-service');
    // The notification service is dead while the citizen cancels, and catches up when restarted.
    await services['notification-service'].kill();
    const cancelled = await call('booking-service', 'POST', `/v1/bookings/${booked.body.id}/cancel`, citizen, {
      legitimateReason: 'JOB_INTERVIEW',
    });
    expect(cancelled.status).toBe(200);
    await restart('notification-service');
    await eventually(() => expect(uniqueIds('deadline.reopened', Topics.deadline)).toBe(1), { timeoutMs: 60000 });
    expect(uniqueIds('booking.booked', Topics.booking)).toBe(1);
    expect(uniqueIds('booking.cancelled', Topics.booking)).toBe(1);
    expect(uniqueIds('schedule.calculated', Topics.schedule)).toBe(1);
    expect(uniqueIds('deadline.opened', Topics.deadline)).toBe(1);

    // What the citizen was sent, each once in effect: the deadline, the receipt, the cancellation, the deadline again.
    const mails = await eventually(
      () => {
        const received = mailTo(citizenId);
        expect(received).toHaveLength(2);
        return received;
      },
      { timeoutMs: 60000 },
    );
    expect(mails.map((m) => calendarOf(m).method).sort()).toEqual(['CANCEL', 'REQUEST']);
    expect(new Set(mails.map((m) => calendarOf(m).event.uid))).toEqual(
      new Set([`booking-${booked.body.id}@selvbook.dk`]),
    );
    await eventually(() => expect(digitalPostTo(citizenId)).toHaveLength(2), { timeoutMs: 30000 });
    const sent = await eventually(
      () => {
        const events = [
          ...new Map(eventsOf(citizenId, 'notification.sent', Topics.notification).map((e) => [e.id, e])).values(),
        ];
        expect(events).toHaveLength(4);
        return events as EventEnvelope<{ kind: string; channel: string }>[];
      },
      { timeoutMs: 30000 },
    );
    expect(sent.map((e) => `${e.data.kind} ${e.data.channel}`).sort()).toEqual([
      'BOOKING_CANCELLED EMAIL',
      'BOOKING_RECEIPT EMAIL',
      'DEADLINE_GIVEN DIGITAL_POST',
      'DEADLINE_GIVEN DIGITAL_POST',
    ]);
  });
});
