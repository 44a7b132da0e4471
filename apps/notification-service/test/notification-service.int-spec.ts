import { INestApplication } from '@nestjs/common';
import {
  ActorRole,
  BookingBookedEvent,
  BookingCancelledEvent,
  BookingRebookedEvent,
  CancellationReason,
  CitizenContactDetailsChangedEvent,
  CitizenRegisteredEvent,
  ContactGroup,
  ConversationType,
  createEvent,
  DeadlineExpiredEvent,
  DeadlineFulfilledEvent,
  DeadlineOpenedEvent,
  DeadlineReopenedEvent,
  DeadlineReopenedReason,
  dlqTopic,
  EventDefinition,
  EventEnvelope,
  INTERNAL_TOPICS,
  jobcenterTopic,
  Language,
  MeetingFormat,
  MissedDeadlineConsequence,
  Topics,
} from '@selvbook/contracts';
import { createKafka } from '@selvbook/messaging';
import { addDays, localTimeOf, localTimeToInstantOrLater } from '@selvbook/calendar';
import { formatLocalDate, NotifyBookingUseCase } from '@selvbook/notification';
import { Clock, createServiceApp, loadConfig } from '@selvbook/platform';
import {
  createTestDatabase,
  devPublicKey,
  eventually,
  KafkaMockCluster,
  mintDevToken,
  TEST_CONSUMER_TUNING,
  testEmail,
} from '@selvbook/testing';
import ICAL from 'ical.js';
import { Consumer, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { GatewaySink, MailSink } from '../../../libs/notification/test/sinks';
import { AppModule, SERVICE_NAME } from '../src/app.module';
import { NotificationConfig } from '../src/notification.config';

const JC = '10101';
const OTHER_JC = '20202';

/**
 * The notification service in-process (real PostgreSQL, the Kafka mock broker), sending to a real SMTP
 * server on 127.0.0.1 and to a local HTTP server standing in for the SMS gateway and Digital Post.
 * The service Clock is moved forward (never back) to reach reminders.
 */
describe('notification-service', () => {
  let cluster: KafkaMockCluster;
  let app: INestApplication;
  let base: string;
  let clock: Clock;
  let dataSource: DataSource;
  let producer: Producer;
  let reader: Consumer;
  const mail = new MailSink();
  const gateway = new GatewaySink();
  const received: EventEnvelope[] = [];
  const onJobcenter: EventEnvelope[] = [];

  beforeAll(async () => {
    cluster = KafkaMockCluster.start();
    for (const topic of [...INTERNAL_TOPICS, jobcenterTopic(JC)]) {
      cluster.createTopic(topic, 3);
      cluster.createTopic(dlqTopic(topic), 1);
    }
    await mail.start();
    await gateway.start();
    const config = loadConfig(NotificationConfig, {
      DATABASE_URL: await createTestDatabase('notification_service'),
      KAFKA_BROKERS: cluster.bootstrapServers,
      KAFKA_MAX_WAIT_MS: '100',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      AUTH_PUBLIC_KEY: devPublicKey(),
      SMTP_URL: mail.url,
      SMS_GATEWAY_URL: gateway.smsUrl,
      DIGITAL_POST_URL: gateway.digitalPostUrl,
      CHANNEL_TIMEOUT_MS: '2000',
      RETRY_BASE_MS: '200',
      RETRY_MAX_MS: '400',
      MAX_ATTEMPTS: '50',
      DELIVERY_RUN_INTERVAL_MS: '100',
      CONTACT_RECHECK_MS: '100',
    });
    app = await createServiceApp(AppModule.forRoot(config), {
      serviceName: SERVICE_NAME,
      title: 'Notification service',
      description: 'test',
    });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    clock = app.get(Clock);
    dataSource = app.get(DataSource);
    const kafka = createKafka({
      clientId: 'notification-test',
      brokers: cluster.bootstrapServers.split(','),
      logger: pino({ level: 'silent' }),
    });
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: `reader-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
    await reader.connect();
    await reader.subscribe({ topics: [Topics.notification, jobcenterTopic(JC)], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        const event = JSON.parse(message.value!.toString()) as EventEnvelope;
        (topic === Topics.notification ? received : onJobcenter).push(event);
      },
    });
  });

  afterAll(async () => {
    await reader?.disconnect();
    await producer?.disconnect();
    await app?.close();
    await mail.stop();
    await gateway.stop();
    cluster?.stop();
  });

  async function send(...events: EventEnvelope[]): Promise<void> {
    for (const e of events) {
      const def = { 'citizen.': Topics.citizen, 'booking.': Topics.booking, 'deadline.': Topics.deadline };
      const topic = Object.entries(def).find(([prefix]) => e.type.startsWith(prefix))![1];
      await producer.send({ topic, messages: [{ key: e.subject, value: JSON.stringify(e) }] });
    }
  }

  function event<T extends object>(def: EventDefinition<T>, data: T & { citizenId: string }): EventEnvelope<T> {
    return createEvent(def, data, { subject: data.citizenId, source: 'test' });
  }

  /** A job conversation's deadline, given to a citizen who may book it. */
  function deadlineOpened(citizenId: string, deadlineId: string, deadlineDate: string, conversationNumber = 2) {
    return event(DeadlineOpenedEvent, {
      citizenId,
      jobcenterCode: JC,
      deadlineId,
      conversationType: ConversationType.JOB_CONVERSATION,
      conversationNumber,
      deadlineDate,
      latestMeetingDate: addDays(deadlineDate, 14),
      contactGroup: ContactGroup.SOCIAL_ASSISTANCE_JOB_READY,
      canSelfBook: true,
    });
  }

  /** The Digital Post letters to a citizen so far. */
  function lettersTo(citizenId: string) {
    return gateway.digitalPost.filter((d) => (d.body.recipient as { citizenId: string }).citizenId === citizenId);
  }

  interface Contact {
    email?: string;
    phone?: string;
    digitalPostEnabled: boolean;
    language: Language;
  }

  /** A registered citizen whose contact details have arrived here. */
  async function citizen(contact: Contact, jobcenterCode = JC): Promise<string> {
    const citizenId = randomUUID();
    await send(
      event(CitizenRegisteredEvent, {
        citizenId,
        jobcenterCode,
        contactGroup: ContactGroup.SOCIAL_ASSISTANCE_JOB_READY,
        birthDate: '1990-05-17',
        registeredAt: '2026-01-05T08:00:00Z',
        anchorDate: '2026-01-05',
        contact,
      }),
    );
    await eventually(
      async () =>
        expect(
          await dataSource.query(`SELECT 1 FROM notification_contact WHERE citizen_id = $1`, [citizenId]),
        ).toHaveLength(1),
      { timeoutMs: 30000 },
    );
    return citizenId;
  }

  function booking(
    citizenId: string,
    startsAt: Date,
    extra: Partial<{ deadlineId: string; conversationType: ConversationType }> = {},
  ) {
    return {
      citizenId,
      jobcenterCode: JC,
      bookingId: randomUUID(),
      slotId: randomUUID(),
      conversationType: extra.conversationType ?? ConversationType.JOB_CONVERSATION,
      ...(extra.deadlineId ? { deadlineId: extra.deadlineId } : {}),
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
      format: MeetingFormat.IN_PERSON,
      location: 'Jobcenter København, Kalvebod Brygge 45',
      bookedBy: ActorRole.CITIZEN,
      selfBooked: true,
    };
  }

  /** 10:00 Copenhagen time, `days` local days after the service clock's today. */
  const tenOClock = (days: number) => localTimeToInstantOrLater(addDays(localTimeOf(clock.now()).date, days), 10 * 60);

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function log(citizenId: string, token?: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${base}/v1/citizens/${citizenId}/notifications`, {
      headers: { authorization: `Bearer ${token ?? (await mintDevToken({ role: 'system' }))}` },
    });
    return { status: res.status, body: await res.json() };
  }

  async function runDeliveries(): Promise<Record<string, number>> {
    const res = await fetch(`${base}/v1/admin/delivery-runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await mintDevToken({ role: 'system' })}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, number>;
  }

  function calendarOf(message: { attachments: Array<{ filename?: string; contentType: string; content: Buffer }> }) {
    const ics = message.attachments.find((a) => a.filename?.endsWith('.ics'));
    expect(ics).toBeDefined();
    const component = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8')));
    return {
      method: component.getFirstPropertyValue('method'),
      event: new ICAL.Event(component.getFirstSubcomponent('vevent')!),
    };
  }

  it('booking.booked → exactly one e-mail with a valid .ics, also for an event sent twice or replayed', async () => {
    const email = testEmail('borger');
    const citizenId = await citizen({ email, phone: '+4512345678', digitalPostEnabled: true, language: Language.DA });
    const b = booking(citizenId, tenOClock(5));
    const booked = event(BookingBookedEvent, b);
    await send(booked, booked); // the same event twice (a redelivery)
    await eventually(() => expect(mail.to(email)).toHaveLength(1), { timeoutMs: 30000 });

    const [message] = mail.to(email);
    expect(message.subject).toMatch(/^Kvittering: jobsamtale .* kl\. 10\.00$/);
    expect(message.text).toContain('Sted: Jobcenter København, Kalvebod Brygge 45');
    expect(message.text).toMatch(/Venlig hilsen\nJobcenter København$/); // the citizen's jobcenter by name (issue 20)
    expect(message.html).toContain('<strong>jobsamtale</strong>');
    expect(message.messageId).toMatch(/@selvbook\.dk>$/);
    const { method, event: vevent } = calendarOf(message);
    expect(method).toBe('REQUEST');
    expect(vevent.uid).toBe(`booking-${b.bookingId}@selvbook.dk`);
    expect(vevent.sequence).toBe(0);
    expect(vevent.startDate.toJSDate().toISOString()).toBe(b.startsAt);
    expect(vevent.location).toBe(b.location);

    // A replay that bypasses the inbox (same event, new transaction) adds nothing either: the dedupe key holds.
    const replay = app.get(NotifyBookingUseCase);
    await dataSource.transaction((tx) => replay.execute(booked, tx, clock.now()));
    // A later event for the same citizen (same partition, so handled after the duplicate) marks the point.
    await send(
      event(CitizenContactDetailsChangedEvent, {
        citizenId,
        contact: { email, phone: '+4512345678', digitalPostEnabled: true, language: Language.EN },
      }),
    );
    await eventually(async () =>
      expect(
        (await dataSource.query(`SELECT language FROM notification_contact WHERE citizen_id = $1`, [citizenId]))[0]
          .language,
      ).toBe('en'),
    );
    await runDeliveries();
    expect(mail.to(email)).toHaveLength(1);

    const own = await log(citizenId, await mintDevToken({ role: 'citizen', citizenId }));
    expect(own.status).toBe(200);
    const receipt = own.body.notifications.find((n: { kind: string }) => n.kind === 'BOOKING_RECEIPT');
    expect(receipt.deliveries).toEqual([expect.objectContaining({ channel: 'EMAIL', status: 'sent', attempts: 1 })]);
    expect(JSON.stringify(own.body)).not.toContain(email); // no addresses in the log
    const reminder = own.body.notifications.find((n: { kind: string }) => n.kind === 'MEETING_REMINDER');
    expect(reminder).toMatchObject({
      status: 'scheduled',
      dueAt: new Date(new Date(b.startsAt).getTime() - 24 * 3_600_000).toISOString(),
    });
    expect((await log(citizenId, await mintDevToken({ role: 'citizen', citizenId: randomUUID() }))).status).toBe(403);
    expect((await log(citizenId, await mintDevToken({ role: 'caseworker', jobcenterCode: OTHER_JC }))).status).toBe(
      403,
    );
    expect((await log(citizenId, await mintDevToken({ role: 'caseworker', jobcenterCode: JC }))).status).toBe(200);
    expect((await log(citizenId, await mintDevToken({ role: 'akasse', akasseId: 'akasse-a' }))).status).toBe(403);

    await eventually(() =>
      expect(
        received.filter(
          (e) => e.type === 'notification.sent' && e.data && (e.data as { citizenId: string }).citizenId === citizenId,
        ),
      ).toEqual([
        expect.objectContaining({
          causationId: booked.id,
          correlationId: booked.correlationId,
          data: expect.objectContaining({ kind: 'BOOKING_RECEIPT', channel: 'EMAIL', bookingId: b.bookingId }),
        }),
      ]),
    );
  });

  it('a rebooking: a receipt with the same UID, the old reminder cancelled, a new one sent when due', async () => {
    const email = testEmail('ombook');
    const phone = '+4522334455';
    const citizenId = await citizen({ email, phone, digitalPostEnabled: false, language: Language.DA });
    const first = booking(citizenId, tenOClock(3));
    await send(event(BookingBookedEvent, first));
    await eventually(() => expect(mail.to(email)).toHaveLength(1), { timeoutMs: 30000 });

    const second = { ...booking(citizenId, tenOClock(4)), previousBookingId: first.bookingId };
    await send(
      event(BookingCancelledEvent, {
        citizenId,
        jobcenterCode: JC,
        bookingId: first.bookingId,
        slotId: first.slotId,
        conversationType: first.conversationType,
        startsAt: first.startsAt,
        cancelledBy: ActorRole.CITIZEN,
        reason: CancellationReason.REBOOKED,
        replacedByBookingId: second.bookingId,
      }),
      event(BookingRebookedEvent, second),
    );
    await eventually(() => expect(mail.to(email)).toHaveLength(2), { timeoutMs: 30000 });
    const rebooked = mail.to(email).find((m) => m.subject?.includes('flyttet'))!;
    const { method, event: vevent } = calendarOf(rebooked);
    expect(method).toBe('REQUEST');
    expect(vevent.uid).toBe(`booking-${first.bookingId}@selvbook.dk`); // stable across the rebooking
    expect(vevent.sequence).toBe(1);
    expect(vevent.startDate.toJSDate().toISOString()).toBe(second.startsAt);

    const { body } = await log(citizenId);
    const reminders = body.notifications.filter((n: { kind: string }) => n.kind === 'MEETING_REMINDER');
    expect(reminders).toHaveLength(2);
    expect(reminders.find((r: { bookingId: string }) => r.bookingId === first.bookingId)).toMatchObject({
      status: 'cancelled',
    });
    const next = reminders.find((r: { bookingId: string }) => r.bookingId === second.bookingId);
    expect(next).toMatchObject({
      status: 'scheduled',
      dueAt: new Date(new Date(second.startsAt).getTime() - 24 * 3_600_000).toISOString(),
    });

    // The old reminder's time passes: nothing. The new one's comes (10:00 local the day before: no quiet hours).
    clock.setTo(new Date(new Date(first.startsAt).getTime() - 23 * 3_600_000));
    await runDeliveries();
    expect(gateway.sms.filter((s) => s.body.to === phone)).toHaveLength(0);
    clock.setTo(new Date(new Date(second.startsAt).getTime() - 23 * 3_600_000));
    await runDeliveries();
    await eventually(() => expect(gateway.sms.filter((s) => s.body.to === phone)).toHaveLength(1));
    expect(gateway.sms.find((s) => s.body.to === phone)!.body.text).toMatch(
      /^Jobnet: Husk din jobsamtale .* kl\. 10\.00, Jobcenter København/,
    );
    await eventually(() => expect(mail.to(email).filter((m) => m.subject?.startsWith('Påmindelse'))).toHaveLength(1));
    const after = (await log(citizenId)).body.notifications.find(
      (n: { bookingId: string; kind: string }) => n.kind === 'MEETING_REMINDER' && n.bookingId === second.bookingId,
    );
    expect(after.status).toBe('planned');
    expect(after.deliveries.map((d: { channel: string; status: string }) => `${d.channel}:${d.status}`).sort()).toEqual(
      ['EMAIL:sent', 'SMS:sent'],
    );
  });

  it('SMTP server down → retries with backoff, then delivery when it returns', async () => {
    const email = testEmail('nede');
    const citizenId = await citizen({ email, digitalPostEnabled: false, language: Language.EN });
    await mail.stop();
    try {
      const b = booking(citizenId, tenOClock(6));
      await send(event(BookingBookedEvent, b));
      await eventually(
        async () => {
          const receipt = (await log(citizenId)).body.notifications.find(
            (n: { kind: string }) => n.kind === 'BOOKING_RECEIPT',
          );
          expect(receipt?.deliveries[0]).toMatchObject({
            channel: 'EMAIL',
            status: 'pending',
            lastError: expect.stringContaining('SMTP'),
          });
          expect(receipt.deliveries[0].attempts).toBeGreaterThanOrEqual(3);
        },
        { timeoutMs: 30000 },
      );
    } finally {
      await mail.start(); // the same port
    }
    await eventually(() => expect(mail.to(email)).toHaveLength(1), { timeoutMs: 30000 });
    expect(mail.to(email)[0].subject).toMatch(/^Receipt: job conversation/);
    const receipt = (await log(citizenId)).body.notifications.find(
      (n: { kind: string }) => n.kind === 'BOOKING_RECEIPT',
    );
    expect(receipt.deliveries[0].status).toBe('sent');
    expect(receipt.deliveries[0].attempts).toBeGreaterThanOrEqual(4);
    expect(mail.to(email)).toHaveLength(1);
  });

  it('a refused address fails permanently → notification.failed; a cancellation is METHOD:CANCEL', async () => {
    const email = testEmail('bounce');
    const citizenId = await citizen({ email, digitalPostEnabled: false, language: Language.DA });
    const b = booking(citizenId, tenOClock(8));
    await send(event(BookingBookedEvent, b));
    await eventually(
      () =>
        expect(
          received.filter(
            (e) => e.type === 'notification.failed' && (e.data as { citizenId: string }).citizenId === citizenId,
          ),
        ).toEqual([
          expect.objectContaining({
            data: expect.objectContaining({
              kind: 'BOOKING_RECEIPT',
              channel: 'EMAIL',
              permanent: true,
              attempts: 1,
              error: expect.stringContaining('SMTP 550'),
            }),
          }),
        ]),
      { timeoutMs: 30000 },
    );

    const ok = testEmail('afbud');
    const other = await citizen({ email: ok, digitalPostEnabled: false, language: Language.DA });
    const c = booking(other, tenOClock(9));
    await send(
      event(BookingBookedEvent, c),
      event(BookingCancelledEvent, {
        citizenId: other,
        jobcenterCode: JC,
        bookingId: c.bookingId,
        slotId: c.slotId,
        conversationType: c.conversationType,
        startsAt: c.startsAt,
        cancelledBy: ActorRole.CITIZEN,
        reason: CancellationReason.CITIZEN_CANCELLED,
      }),
    );
    await eventually(() => expect(mail.to(ok)).toHaveLength(2), { timeoutMs: 30000 });
    const cancel = mail.to(ok).find((m) => m.subject?.startsWith('Aflyst'))!;
    const { method, event: vevent } = calendarOf(cancel);
    expect(method).toBe('CANCEL');
    expect(vevent.uid).toBe(`booking-${c.bookingId}@selvbook.dk`);
    expect(vevent.sequence).toBe(1);
    const reminder = (await log(other)).body.notifications.find((n: { kind: string }) => n.kind === 'MEETING_REMINDER');
    expect(reminder.status).toBe('cancelled');
  });

  it('deadline.opened → deadline by Digital Post, reminders 09:00 3 and 1 days ahead; cancelled if met', async () => {
    const citizenId = await citizen({ email: testEmail('frist'), digitalPostEnabled: true, language: Language.DA });
    const deadlineId = randomUUID();
    const deadlineDate = addDays(localTimeOf(clock.now()).date, 10);
    await send(deadlineOpened(citizenId, deadlineId, deadlineDate));
    await eventually(() => expect(lettersTo(citizenId)).toHaveLength(1), { timeoutMs: 30000 });
    const [letter] = lettersTo(citizenId);
    expect(letter.body.subject).toMatch(/^Du skal booke din jobsamtale senest /);
    expect(letter.body.text).toContain('Fristdato:');
    const { body } = await log(citizenId);
    const reminders = body.notifications
      .filter((n: { kind: string }) => n.kind === 'DEADLINE_REMINDER')
      .map((n: { dueAt: string }) => n.dueAt)
      .sort();
    expect(reminders).toEqual([
      localTimeToInstantOrLater(addDays(deadlineDate, -3), 9 * 60).toISOString(),
      localTimeToInstantOrLater(addDays(deadlineDate, -1), 9 * 60).toISOString(),
    ]);

    await send(event(DeadlineFulfilledEvent, { citizenId, jobcenterCode: JC, deadlineId, bookingId: randomUUID() }));
    await eventually(async () => {
      const all = (await log(citizenId)).body.notifications.filter(
        (n: { kind: string }) => n.kind === 'DEADLINE_REMINDER',
      );
      expect(all.map((n: { status: string }) => n.status)).toEqual(['cancelled', 'cancelled']);
    });
  });

  it('deadline.reopened (booking cancelled) → the deadline given again, its new date, and reminders', async () => {
    const citizenId = await citizen({ email: testEmail('igen'), digitalPostEnabled: true, language: Language.DA });
    const deadlineId = randomUUID();
    const deadlineDate = addDays(localTimeOf(clock.now()).date, 10);
    const letters = () => lettersTo(citizenId);
    await send(deadlineOpened(citizenId, deadlineId, deadlineDate));
    await eventually(() => expect(letters()).toHaveLength(1), { timeoutMs: 30000 });
    await send(event(DeadlineFulfilledEvent, { citizenId, jobcenterCode: JC, deadlineId, bookingId: randomUUID() }));

    const newDate = addDays(deadlineDate, 2);
    await send(
      event(DeadlineReopenedEvent, {
        citizenId,
        jobcenterCode: JC,
        deadlineId,
        reason: DeadlineReopenedReason.BOOKING_CANCELLED,
        cancelledBookingId: randomUUID(),
        deadlineDate: newDate,
        latestMeetingDate: addDays(newDate, 14),
      }),
    );
    await eventually(() => expect(letters()).toHaveLength(2), { timeoutMs: 30000 });
    expect(letters()[1].body.subject).toBe(
      `Du skal booke din jobsamtale senest ${formatLocalDate(newDate, Language.DA)}`,
    );
    await eventually(async () => {
      const reminders = (await log(citizenId)).body.notifications.filter(
        (n: { kind: string }) => n.kind === 'DEADLINE_REMINDER',
      );
      expect(
        reminders
          .filter((n: { status: string }) => n.status === 'scheduled')
          .map((n: { dueAt: string }) => n.dueAt)
          .sort(),
      ).toEqual([
        localTimeToInstantOrLater(addDays(newDate, -3), 9 * 60).toISOString(),
        localTimeToInstantOrLater(addDays(newDate, -1), 9 * 60).toISOString(),
      ]);
    });
  });

  it('deadline.expired → missed-deadline message (meaning, to do); no digital contact: jobcenter told', async () => {
    const citizenId = await citizen({ digitalPostEnabled: true, language: Language.EN });
    await send(
      event(DeadlineExpiredEvent, {
        citizenId,
        jobcenterCode: JC,
        akasseId: 'akasse-a',
        deadlineId: randomUUID(),
        contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
        conversationType: ConversationType.JOB_CONVERSATION,
        deadlineDate: '2026-04-02',
        consequence: MissedDeadlineConsequence.DEREGISTRATION,
        deregisteredFrom: '2026-04-03',
      }),
    );
    await eventually(() => expect(lettersTo(citizenId)).toHaveLength(1), { timeoutMs: 30000 });
    const [letter] = lettersTo(citizenId);
    expect(letter.body.subject).toBe('You missed the deadline to book your job conversation');
    expect(letter.body.text).toContain('You are deregistered as a jobseeker from Friday, 3 April 2026');
    expect(letter.body.text).toContain(
      'Register again as a jobseeker on Jobnet at once, and book a new meeting straight away',
    );

    const unreachable = await citizen({ digitalPostEnabled: false, language: Language.DA });
    const deadlineId = randomUUID();
    await send(
      event(DeadlineExpiredEvent, {
        citizenId: unreachable,
        jobcenterCode: JC,
        deadlineId,
        contactGroup: ContactGroup.SOCIAL_ASSISTANCE_JOB_READY,
        conversationType: ConversationType.JOB_CONVERSATION,
        deadlineDate: '2026-04-02',
        consequence: MissedDeadlineConsequence.DEDUCTION,
      }),
    );
    await eventually(
      () =>
        expect(
          onJobcenter.filter(
            (e) =>
              e.type === 'notification.no-digital-contact' &&
              (e.data as { citizenId: string }).citizenId === unreachable,
          ),
        ).toEqual([
          expect.objectContaining({
            data: expect.objectContaining({ kind: 'DEADLINE_MISSED', deadlineId, jobcenterCode: JC }),
          }),
        ]),
      { timeoutMs: 30000 },
    );
    expect((await log(unreachable)).body.notifications[0]).toMatchObject({
      kind: 'DEADLINE_MISSED',
      status: 'no_contact',
      deliveries: [],
    });
  });
  it('reminders due only after their meeting began or deadline day ended (runner down): expired, unsent', async () => {
    const email = testEmail('sent');
    const phone = '+4533445566';
    const citizenId = await citizen({ email, phone, digitalPostEnabled: false, language: Language.DA });
    const meetingAt = tenOClock(40);
    const b = booking(citizenId, meetingAt);
    const deadlineId = randomUUID();
    const deadlineDate = addDays(localTimeOf(clock.now()).date, 20);
    await send(event(BookingBookedEvent, b), deadlineOpened(citizenId, deadlineId, deadlineDate, 3));
    type Row = { kind: string; status: string; deliveries: { status: string }[] | null };
    const mine = async (kind: string): Promise<Row[]> =>
      (await log(citizenId)).body.notifications.filter((n: Row) => n.kind === kind);
    // The receipt and the deadline go out at once; the three reminders wait.
    await eventually(
      async () => {
        for (const kind of ['BOOKING_RECEIPT', 'DEADLINE_GIVEN']) {
          const [n] = await mine(kind);
          expect(n?.status).toBe('planned');
          expect(n.deliveries!.every((d) => d.status === 'sent')).toBe(true);
        }
        expect((await mine('MEETING_REMINDER')).map((n) => n.status)).toEqual(['scheduled']);
        expect((await mine('DEADLINE_REMINDER')).map((n) => n.status)).toEqual(['scheduled', 'scheduled']);
      },
      { timeoutMs: 30000 },
    );
    const mails = mail.to(email).length;
    const texts = gateway.sms.filter((s) => s.body.to === phone).length;

    // The service comes back an hour into the meeting, long after the deadline day.
    clock.setTo(new Date(meetingAt.getTime() + 3_600_000));
    // The service's own runner (every 100 ms here) may get there before this run: the rows say what happened.
    await runDeliveries();
    expect((await mine('MEETING_REMINDER')).map((n) => [n.status, n.deliveries ?? []])).toEqual([['expired', []]]);
    expect((await mine('DEADLINE_REMINDER')).map((n) => [n.status, n.deliveries ?? []])).toEqual([
      ['expired', []],
      ['expired', []],
    ]);
    await runDeliveries();
    expect(mail.to(email)).toHaveLength(mails);
    expect(gateway.sms.filter((s) => s.body.to === phone)).toHaveLength(texts);
  });
  it('a reminder delivery held back by retries until the meeting began is dropped, not sent late', async () => {
    const email = testEmail('sent-igen');
    const citizenId = await citizen({ email, digitalPostEnabled: false, language: Language.DA });
    const meetingAt = tenOClock(5);
    await send(event(BookingBookedEvent, booking(citizenId, meetingAt)));
    await eventually(() => expect(mail.to(email)).toHaveLength(1), { timeoutMs: 30000 }); // the receipt
    const reminder = async () =>
      (await log(citizenId)).body.notifications.find((n: { kind: string }) => n.kind === 'MEETING_REMINDER');
    await mail.stop();
    try {
      clock.setTo(new Date(meetingAt.getTime() - 23 * 3_600_000)); // the reminder is due; the mail server is down
      await runDeliveries();
      expect(await reminder()).toMatchObject({
        status: 'planned',
        deliveries: [expect.objectContaining({ channel: 'EMAIL', status: 'pending', attempts: 1 })],
      });
    } finally {
      await mail.start();
    }
    const expiredOutcomes = async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return Number(
        /selvbook_notification_deliveries_total\{channel="EMAIL",outcome="expired"\} (\d+)/.exec(text)?.[1] ?? 0,
      );
    };
    const expiredBefore = await expiredOutcomes();
    clock.setTo(new Date(meetingAt.getTime() + 60_000)); // back up only once the meeting has begun
    // counted by this run or by the service's own runner (every 100 ms here), whichever got there first
    await runDeliveries();
    expect(await expiredOutcomes()).toBeGreaterThanOrEqual(expiredBefore + 1);
    expect(await reminder()).toMatchObject({
      status: 'planned',
      deliveries: [
        expect.objectContaining({
          channel: 'EMAIL',
          status: 'cancelled',
          attempts: 1,
          lastError: expect.stringContaining('expired'),
        }),
      ],
    });
    await runDeliveries();
    expect(mail.to(email)).toHaveLength(1);
  });
});
