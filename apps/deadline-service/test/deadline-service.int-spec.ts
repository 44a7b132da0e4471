import { INestApplication } from '@nestjs/common';
import { localDateOf } from '@selvbook/calendar';
import {
  AbsenceCode,
  ActorRole,
  BookingBookedEvent,
  BookingNoShowEvent,
  CitizenExemptionGrantedEvent,
  ContactGroup,
  ConversationHolder,
  ConversationType,
  createEvent,
  dlqTopic,
  EventDefinition,
  EventEnvelope,
  ExemptionKind,
  INTERNAL_TOPICS,
  MeetingFormat,
  MissedDeadlineConsequence,
  ScheduleCalculatedData,
  ScheduleCalculatedEvent,
  Topics,
} from '@selvbook/contracts';
import { createKafka } from '@selvbook/messaging';
import { Clock, createServiceApp, loadConfig } from '@selvbook/platform';
import {
  createTestDatabase,
  devPublicKey,
  eventually,
  KafkaMockCluster,
  mintDevToken,
  TEST_CONSUMER_TUNING,
} from '@selvbook/testing';
import { Consumer, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { scheduleData } from '../../../libs/deadline/test/fixtures';
import { AppModule, SERVICE_NAME } from '../src/app.module';
import { DeadlineConfig } from '../src/deadline.config';

const AKASSE_ONE = 'aka-one';
const AKASSE_TWO = 'aka-two';
const JC = '10101';
const OTHER_JC = '20202';
const RECIPIENT_TOPICS = [
  `selvbook.akasse.${AKASSE_ONE}.v1`,
  `selvbook.akasse.${AKASSE_TWO}.v1`,
  `selvbook.jobcenter.${JC}.v1`,
  `selvbook.jobcenter.${OTHER_JC}.v1`,
];

/**
 * The deadline service in-process (real PostgreSQL, the Kafka mock broker): events in on the schedule and
 * booking topics, deadline and recipient events out through the outbox, REST on a real port. The service
 * Clock is moved forward (never back) to reach each deadline's local midnight.
 */
describe('deadline-service', () => {
  let cluster: KafkaMockCluster;
  let app: INestApplication;
  let base: string;
  let clock: Clock;
  let producer: Producer;
  let reader: Consumer;
  const received = new Map<string, EventEnvelope[]>();
  const on = (topic: string) => received.get(topic) ?? [];
  const ofType = (topic: string, type: string) => on(topic).filter((e) => e.type === type);

  beforeAll(async () => {
    cluster = KafkaMockCluster.start();
    for (const topic of [...INTERNAL_TOPICS, ...RECIPIENT_TOPICS]) {
      cluster.createTopic(topic, 3);
      cluster.createTopic(dlqTopic(topic), 1);
    }
    const config = loadConfig(DeadlineConfig, {
      DATABASE_URL: await createTestDatabase('deadline_service'),
      KAFKA_BROKERS: cluster.bootstrapServers,
      KAFKA_MAX_WAIT_MS: '100',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      AUTH_PUBLIC_KEY: devPublicKey(),
      EXPIRY_RUNNER_ENABLED: 'false',
    });
    app = await createServiceApp(AppModule.forRoot(config), {
      serviceName: SERVICE_NAME,
      title: 'Deadline service',
      description: 'test',
    });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    clock = app.get(Clock);
    const kafka = createKafka({
      clientId: 'deadline-test',
      brokers: cluster.bootstrapServers.split(','),
      logger: pino({ level: 'silent' }),
    });
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: `reader-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
    await reader.connect();
    await reader.subscribe({ topics: [Topics.deadline, ...RECIPIENT_TOPICS], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        received.set(topic, [...on(topic), JSON.parse(message.value!.toString()) as EventEnvelope]);
      },
    });
  });

  afterAll(async () => {
    await reader?.disconnect();
    await producer?.disconnect();
    await app?.close();
    cluster?.stop();
  });

  async function publish<T extends object>(
    def: EventDefinition<T>,
    data: T & { citizenId: string },
    source: string,
  ): Promise<void> {
    const event = createEvent(def, data, { subject: data.citizenId, source });
    await producer.send({ topic: def.topic, messages: [{ key: data.citizenId, value: JSON.stringify(event) }] });
  }

  async function http(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text(),
    };
  }

  const system = () => mintDevToken({ role: 'system' });
  const bookingData = (citizenId: string, deadlineId: string | undefined, startsAt: string, akasseId?: string) => ({
    citizenId,
    jobcenterCode: JC,
    ...(akasseId ? { akasseId } : {}),
    bookingId: randomUUID(),
    slotId: randomUUID(),
    ...(deadlineId ? { deadlineId } : {}),
    conversationType: ConversationType.JOB_CONVERSATION,
    startsAt,
    endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000).toISOString(),
    format: MeetingFormat.IN_PERSON,
    location: 'Jobcenter, Kalvebod Brygge 45',
    bookedBy: ActorRole.CITIZEN,
    selfBooked: true,
  });

  // Real time is late 2026: these schedules are for early 2027.
  // windowTo 2027-01-15 (Friday) → deadline Friday 2027-01-08.
  const WINDOW_TO = '2027-01-15';
  const DEADLINE = '2027-01-08';
  const MIDNIGHT = new Date('2027-01-08T23:00:00Z'); // end of 8 January in Copenhagen (CET)
  const dagpengeOne = scheduleData({ windowTo: WINDOW_TO, akasseId: AKASSE_ONE });
  const dagpengeTwo = scheduleData({ windowTo: WINDOW_TO, akasseId: AKASSE_TWO });
  const jobReady = scheduleData({
    windowTo: WINDOW_TO,
    akasseId: undefined,
    contactGroup: ContactGroup.SOCIAL_ASSISTANCE_JOB_READY,
  });
  const booker = scheduleData({ windowTo: WINDOW_TO, akasseId: AKASSE_ONE });
  const outageCitizen = scheduleData({
    windowTo: WINDOW_TO,
    akasseId: undefined,
    contactGroup: ContactGroup.SOCIAL_ASSISTANCE_ACTIVITY_READY,
    jobcenterCode: OTHER_JC,
  });
  const deadlineIdOf = (citizenId: string) =>
    ofType(Topics.deadline, 'deadline.opened').find((e) => e.subject === citizenId)!.data as {
      deadlineId: string;
      deadlineDate: string;
    };

  it('schedule.calculated → deadline.opened on deadline and jobcenter topics; recalculation: no change', async () => {
    for (const d of [dagpengeOne, dagpengeTwo, jobReady, booker])
      await publish(ScheduleCalculatedEvent, d, 'schedule-service');
    await eventually(() => expect(ofType(Topics.deadline, 'deadline.opened')).toHaveLength(4), { timeoutMs: 30000 });
    expect(deadlineIdOf(dagpengeOne.citizenId)).toMatchObject({
      deadlineDate: DEADLINE,
      latestMeetingDate: WINDOW_TO,
      canSelfBook: true,
      akasseId: AKASSE_ONE,
    });
    await eventually(() => expect(ofType(`selvbook.jobcenter.${JC}.v1`, 'deadline.opened')).toHaveLength(4));
    // the same calculation again (a new event, same need): no second deadline
    await publish(
      ScheduleCalculatedEvent,
      { ...dagpengeOne, calculatedAt: '2026-12-01T00:00:00Z' },
      'schedule-service',
    );
    const res = await http(
      'GET',
      `/v1/citizens/${dagpengeOne.citizenId}/deadlines`,
      await mintDevToken({ role: 'citizen', citizenId: dagpengeOne.citizenId }),
    );
    expect(res.status).toBe(200);
    const db = app.get(DataSource);
    await eventually(async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM inbox WHERE event_type = 'schedule.calculated'`);
      expect(n).toBe(5);
    });
    const [{ deadlines }] = await db.query(
      'SELECT count(*)::int AS deadlines FROM deadline WHERE citizen_id = ANY($1::uuid[])',
      [[dagpengeOne, dagpengeTwo, jobReady, booker].map((d) => d.citizenId)],
    );
    expect(deadlines).toBe(4);
  });

  it("REST: a citizen sees only their deadlines; a caseworker their jobcenter's; an a-kasse its members'", async () => {
    const path = `/v1/citizens/${dagpengeOne.citizenId}/deadlines`;
    const own = await http('GET', path, await mintDevToken({ role: 'citizen', citizenId: dagpengeOne.citizenId }));
    expect(own.body).toMatchObject({
      citizenId: dagpengeOne.citizenId,
      canSelfBook: true,
      immediateBookingRequired: false,
    });
    expect(own.body.deadlines).toEqual([
      expect.objectContaining({ status: 'open', deadlineDate: DEADLINE, expiresAt: MIDNIGHT.toISOString() }),
    ]);
    expect(
      (await http('GET', path, await mintDevToken({ role: 'citizen', citizenId: dagpengeTwo.citizenId }))).status,
    ).toBe(403);
    expect((await http('GET', path, await mintDevToken({ role: 'caseworker', jobcenterCode: JC }))).status).toBe(200);
    expect((await http('GET', path, await mintDevToken({ role: 'caseworker', jobcenterCode: OTHER_JC }))).status).toBe(
      403,
    );
    expect((await http('GET', path, await mintDevToken({ role: 'akasse', akasseId: AKASSE_ONE }))).status).toBe(200);
    const other = await http('GET', path, await mintDevToken({ role: 'akasse', akasseId: AKASSE_TWO }));
    expect(other.status).toBe(403);
    expect(other.body.type).toBeDefined(); // problem+json
    expect((await http('GET', '/v1/citizens/not-a-uuid/deadlines', await system())).status).toBe(400);
  });

  it('booking.booked → deadline.fulfilled', async () => {
    const { deadlineId } = deadlineIdOf(booker.citizenId);
    await publish(
      BookingBookedEvent,
      bookingData(booker.citizenId, deadlineId, '2027-01-12T09:00:00Z', AKASSE_ONE),
      'booking-service',
    );
    await eventually(() =>
      expect(
        ofType(Topics.deadline, 'deadline.fulfilled').map((e) => (e.data as { deadlineId: string }).deadlineId),
      ).toEqual([deadlineId]),
    );
    const view = await http('GET', `/v1/citizens/${booker.citizenId}/deadlines`, await system());
    expect(view.body.deadlines[0]).toMatchObject({ status: 'fulfilled', meetingDate: '2027-01-12' });
  });

  it("an outage recorded over the deadline's end extends it; the expiry event says so", async () => {
    await publish(ScheduleCalculatedEvent, outageCitizen, 'schedule-service');
    await eventually(() =>
      expect(ofType(Topics.deadline, 'deadline.opened').some((e) => e.subject === outageCitizen.citizenId)).toBe(true),
    );
    const byOtherJc = await http(
      'POST',
      '/v1/outages',
      await mintDevToken({ role: 'caseworker', jobcenterCode: OTHER_JC }),
      {
        from: '2027-01-08T18:00:00+01:00',
        to: '2027-01-08T23:30:00+01:00',
      },
    );
    expect(byOtherJc.status).toBe(201);
    expect(byOtherJc.body.extendedDeadlines).toBe(1); // only OTHER_JC's deadline, not JC's four
    expect(
      (
        await http('POST', '/v1/outages', await mintDevToken({ role: 'citizen', citizenId: outageCitizen.citizenId }), {
          from: '2027-01-08T18:00:00Z',
          to: '2027-01-08T19:00:00Z',
        })
      ).status,
    ).toBe(403);
    expect(
      (await http('POST', '/v1/outages', await system(), { from: '2027-01-08T18:00:00Z', to: '2027-01-08T17:00:00Z' }))
        .status,
    ).toBe(400);
    const view = await http('GET', `/v1/citizens/${outageCitizen.citizenId}/deadlines`, await system());
    expect(view.body.deadlines[0]).toMatchObject({ deadlineDate: '2027-01-09', extendedByOutage: true });
  });

  it('defect 6: an outage reason with a NUL or a CPR number, or a time out of range: 400 with the reason', async () => {
    const times = { from: '2027-01-08T18:00:00Z', to: '2027-01-08T19:00:00Z' };
    for (const [body, reason] of [
      [{ ...times, reason: 'planner\u0000error' }, /NUL/],
      [{ ...times, reason: 'borger 010180-1001 ringede' }, /CPR/],
      [{ from: '9999-01-08T18:00:00Z', to: '9999-01-08T19:00:00Z' }, /from/],
    ] as const) {
      const res = await http('POST', '/v1/outages', await system(), body);
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(reason);
    }
  });

  it('expiry at local midnight → deadline.expired to the jobcenter, akasse.deadline-missed to a-kasse', async () => {
    clock.setTo(new Date(MIDNIGHT.getTime() - 60_000)); // the service clock keeps running: a minute before
    const early = await http('POST', '/v1/admin/expiry-runs', await system());
    expect(early.status).toBe(200);
    expect(early.body.expired).toBe(0);
    expect(
      (await http('POST', '/v1/admin/expiry-runs', await mintDevToken({ role: 'caseworker', jobcenterCode: JC })))
        .status,
    ).toBe(403);

    clock.setTo(MIDNIGHT);
    const run = await http('POST', '/v1/admin/expiry-runs', await system());
    expect(run.body).toMatchObject({ expired: 3, closed: 0 }); // the booked one is fulfilled, the outage one extended
    await eventually(() => expect(ofType(Topics.deadline, 'deadline.expired')).toHaveLength(3));
    const expired = new Map(
      ofType(Topics.deadline, 'deadline.expired').map((e) => [e.subject, e.data as Record<string, unknown>]),
    );
    expect(expired.get(dagpengeOne.citizenId)).toMatchObject({
      consequence: MissedDeadlineConsequence.DEREGISTRATION,
      deregisteredFrom: '2027-01-09',
      deadlineDate: DEADLINE,
    });
    expect(expired.get(jobReady.citizenId)).toMatchObject({ consequence: MissedDeadlineConsequence.DEDUCTION });
    expect(expired.get(jobReady.citizenId)!.deregisteredFrom).toBeUndefined();
    await eventually(() => {
      expect(ofType(`selvbook.jobcenter.${JC}.v1`, 'deadline.expired')).toHaveLength(3);
      expect(ofType(`selvbook.akasse.${AKASSE_ONE}.v1`, 'akasse.deadline-missed').map((e) => e.subject)).toEqual([
        dagpengeOne.citizenId,
      ]);
      expect(ofType(`selvbook.akasse.${AKASSE_TWO}.v1`, 'akasse.deadline-missed').map((e) => e.subject)).toEqual([
        dagpengeTwo.citizenId,
      ]);
      expect(ofType(`selvbook.akasse.${AKASSE_ONE}.v1`, 'akasse.citizen-deregistered').map((e) => e.subject)).toEqual([
        dagpengeOne.citizenId,
      ]);
    });
    // an a-kasse never receives another a-kasse's member; the job-ready citizen (no a-kasse) reaches no a-kasse
    expect(on(`selvbook.akasse.${AKASSE_ONE}.v1`).every((e) => e.subject === dagpengeOne.citizenId)).toBe(true);
    expect(on(`selvbook.akasse.${AKASSE_TWO}.v1`).every((e) => e.subject === dagpengeTwo.citizenId)).toBe(true);
    expect(on(`selvbook.jobcenter.${OTHER_JC}.v1`).some((e) => e.type === 'deadline.expired')).toBe(false);

    // a second run at the same instant settles nothing
    expect((await http('POST', '/v1/admin/expiry-runs', await system())).body.expired).toBe(0);
    const list = await http(
      'GET',
      `/v1/jobcenters/${JC}/expired-deadlines?date=${DEADLINE}`,
      await mintDevToken({ role: 'caseworker', jobcenterCode: JC }),
    );
    expect(list.status).toBe(200);
    expect(list.body.map((d: { citizenId: string }) => d.citizenId).sort()).toEqual(
      [dagpengeOne.citizenId, dagpengeTwo.citizenId, jobReady.citizenId].sort(),
    );
    expect(
      (
        await http(
          'GET',
          `/v1/jobcenters/${JC}/expired-deadlines?date=${DEADLINE}`,
          await mintDevToken({ role: 'caseworker', jobcenterCode: OTHER_JC }),
        )
      ).status,
    ).toBe(403);
    expect((await http('GET', `/v1/jobcenters/${JC}/expired-deadlines?date=8-1-2027`, await system())).status).toBe(
      400,
    );
  });

  it('immediate booking shows from the next day and clears on a booking', async () => {
    clock.setTo(new Date('2027-01-09T08:00:00Z'));
    const token = await mintDevToken({ role: 'citizen', citizenId: dagpengeOne.citizenId });
    const view = await http('GET', `/v1/citizens/${dagpengeOne.citizenId}/deadlines`, token);
    expect(view.body).toMatchObject({
      immediateBookingRequired: true,
      immediateBookingRequiredFrom: '2027-01-09',
      immediateBookingLapsesOn: '2027-04-09',
      deadlines: [],
    });
    await publish(
      BookingBookedEvent,
      bookingData(dagpengeOne.citizenId, undefined, '2027-01-20T09:00:00Z', AKASSE_ONE),
      'booking-service',
    );
    await eventually(() =>
      expect(ofType(Topics.deadline, 'citizen.immediate-booking-cleared').map((e) => e.subject)).toEqual([
        dagpengeOne.citizenId,
      ]),
    );
    expect(
      (await http('GET', `/v1/citizens/${dagpengeOne.citizenId}/deadlines`, token)).body.immediateBookingRequired,
    ).toBe(false);
  });

  it("a no-show of a dagpenge citizen reaches that citizen's a-kasse only; the fulfilled deadline closes", async () => {
    const booked = ofType(Topics.deadline, 'deadline.fulfilled').find((e) => e.subject === booker.citizenId)!.data as {
      bookingId: string;
      deadlineId: string;
    };
    await publish(
      BookingNoShowEvent,
      {
        citizenId: booker.citizenId,
        jobcenterCode: JC,
        akasseId: AKASSE_ONE,
        bookingId: booked.bookingId,
        deadlineId: booked.deadlineId,
        conversationType: ConversationType.JOB_CONVERSATION,
        startsAt: '2027-01-12T09:00:00Z',
        heldBy: ConversationHolder.JOBCENTER,
        registeredBy: ActorRole.CASEWORKER,
      },
      'booking-service',
    );
    await eventually(() =>
      expect(ofType(`selvbook.akasse.${AKASSE_ONE}.v1`, 'akasse.no-show').map((e) => e.subject)).toEqual([
        booker.citizenId,
      ]),
    );
    await eventually(() =>
      expect(
        ofType(Topics.deadline, 'deadline.closed').map((e) => (e.data as { deadlineId: string }).deadlineId),
      ).toContain(booked.deadlineId),
    );
    expect(ofType(`selvbook.akasse.${AKASSE_TWO}.v1`, 'akasse.no-show')).toEqual([]);
  });

  it('an outage-extended deadline expires a day later; its event says extendedByOutage (its jobcenter)', async () => {
    clock.setTo(new Date('2027-01-09T23:00:00Z'));
    const run = await http('POST', '/v1/admin/expiry-runs', await system());
    expect(run.body.expired).toBe(1);
    await eventually(() =>
      expect(ofType(`selvbook.jobcenter.${OTHER_JC}.v1`, 'deadline.expired').map((e) => e.data)).toEqual([
        expect.objectContaining({
          citizenId: outageCitizen.citizenId,
          deadlineDate: '2027-01-09',
          extendedByOutage: true,
          consequence: MissedDeadlineConsequence.AVAILABILITY_ASSESSMENT,
        }),
      ]),
    );
  });

  it('an exemption overtaken by the recalculated schedule (another topic): still a summons request', async () => {
    // For an exempt citizen the rules engine clears needsBookingDeadline, and the schedule-service recalculates on
    // the exemption; that schedule.calculated can reach this service before citizen.exemption-granted does.
    const windowTo = '2027-06-11';
    const cleared = (d: ScheduleCalculatedData) =>
      scheduleData({
        windowTo,
        citizenId: d.citizenId,
        akasseId: d.akasseId,
        conversations: d.conversations.map((c) => ({ ...c, needsBookingDeadline: false })),
      });
    const exemption = (citizenId: string) =>
      publish(
        CitizenExemptionGrantedEvent,
        {
          citizenId,
          jobcenterCode: JC,
          akasseId: AKASSE_ONE,
          exemptionId: randomUUID(),
          kind: ExemptionKind.EXEMPTION,
          absenceCode: AbsenceCode.EXEMPT_FROM_SELF_BOOKING,
          validFrom: localDateOf(clock.now()),
        },
        'jobcenter-system',
      );
    const summonsFor = (citizenId: string) =>
      ofType(`selvbook.jobcenter.${JC}.v1`, 'summons.requested').filter((e) => e.subject === citizenId);
    const db = app.get(DataSource);
    const applied = (d: ScheduleCalculatedData) =>
      eventually(async () =>
        expect(
          (
            await db.query(`SELECT last_schedule_hash AS h FROM deadline_citizen WHERE citizen_id = $1`, [d.citizenId])
          )[0]?.h,
        ).toBe(d.scheduleHash),
      );

    // Exempt at registration: the only schedule seen before the exemption is the one without a deadline.
    const atRegistration = scheduleData({ windowTo, akasseId: AKASSE_ONE });
    await publish(ScheduleCalculatedEvent, cleared(atRegistration), 'schedule-service');
    await applied(cleared(atRegistration));
    await exemption(atRegistration.citizenId);
    await eventually(() => expect(summonsFor(atRegistration.citizenId)).toHaveLength(1), { timeoutMs: 30000 });
    expect(ofType(Topics.deadline, 'deadline.opened').filter((e) => e.subject === atRegistration.citizenId)).toEqual(
      [],
    );

    // Exempt later: the deadline was open, and the recalculation closed it before the exemption arrived.
    const later = scheduleData({ windowTo, akasseId: AKASSE_ONE });
    await publish(ScheduleCalculatedEvent, later, 'schedule-service');
    await eventually(
      () =>
        expect(ofType(Topics.deadline, 'deadline.opened').filter((e) => e.subject === later.citizenId)).toHaveLength(1),
      { timeoutMs: 30000 },
    );
    await publish(ScheduleCalculatedEvent, cleared(later), 'schedule-service');
    await eventually(
      () =>
        expect(ofType(Topics.deadline, 'deadline.closed').filter((e) => e.subject === later.citizenId)).toHaveLength(1),
      { timeoutMs: 30000 },
    );
    await exemption(later.citizenId);
    await eventually(() => expect(summonsFor(later.citizenId)).toHaveLength(1), { timeoutMs: 30000 });
    expect(summonsFor(later.citizenId)[0].data).toMatchObject({
      conversationNumber: later.conversations[0].number,
      conversationType: later.conversations[0].type,
    });
  });
});
