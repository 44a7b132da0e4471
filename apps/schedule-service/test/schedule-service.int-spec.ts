import {
  CitizenPaidHoursReportedEvent,
  CitizenRegisteredEvent,
  ContactGroup,
  createEvent,
  dlqTopic,
  EventEnvelope,
  INTERNAL_TOPICS,
  jobcenterTopic,
  Language,
  ScheduleCalculatedData,
  Topics,
} from '@selvbook/contracts';
import {
  createTestDatabase,
  devPublicKey,
  eventually,
  freePort,
  KafkaMockCluster,
  mintDevToken,
  ServiceProcess,
  TEST_CONSUMER_TUNING,
} from '@selvbook/testing';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';

const JOBCENTER = '10101';
const AKASSE = 'akasse-a';

describe('schedule-service', () => {
  let cluster: KafkaMockCluster;
  let service: ServiceProcess;
  let producer: Producer;
  let kafka: Kafka;
  let reader: Consumer;
  const published: EventEnvelope<ScheduleCalculatedData>[] = [];
  const onJobcenterTopic: string[] = [];
  let base: string;

  beforeAll(async () => {
    cluster = KafkaMockCluster.start();
    for (const topic of [...INTERNAL_TOPICS, jobcenterTopic(JOBCENTER), `selvbook.akasse.${AKASSE}.v1`]) {
      cluster.createTopic(topic, 3);
      cluster.createTopic(dlqTopic(topic), 1);
    }
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    service = new ServiceProcess({
      app: 'schedule-service',
      env: {
        PORT: String(port),
        DATABASE_URL: await createTestDatabase('schedule'),
        KAFKA_BROKERS: cluster.bootstrapServers,
        KAFKA_MAX_WAIT_MS: '100',
        AUTH_PUBLIC_KEY: devPublicKey(),
        LOG_LEVEL: process.env.SERVICE_LOG_LEVEL ?? 'warn',
      },
      onLine: process.env.SERVICE_LOG_LEVEL ? (line) => process.stdout.write(`${line}\n`) : undefined,
    }).start();
    kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: 'test-reader', ...TEST_CONSUMER_TUNING });
    await reader.connect();
    await reader.subscribe({ topics: [Topics.schedule, jobcenterTopic(JOBCENTER)], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        const event = JSON.parse(message.value!.toString());
        if (topic === Topics.schedule) published.push(event);
        else onJobcenterTopic.push(event.id);
      },
    });
    await service.waitReady(60000);
  });

  afterAll(async () => {
    await reader?.disconnect();
    await producer?.disconnect();
    await service?.stop();
    cluster?.stop();
  });

  function registration(citizenId: string, anchorDate = '2026-09-01') {
    return createEvent(
      CitizenRegisteredEvent,
      {
        citizenId,
        jobcenterCode: JOBCENTER,
        akasseId: AKASSE,
        contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
        birthDate: '1985-05-05',
        registeredAt: `${anchorDate}T08:00:00Z`,
        anchorDate,
        contact: { email: 'borger@example.dk', digitalPostEnabled: true, language: Language.DA },
      } as never,
      { subject: citizenId, source: 'jobcenter-system' },
    );
  }

  async function send(...events: EventEnvelope[]): Promise<void> {
    await producer.send({
      topic: Topics.citizen,
      messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    });
  }

  const schedulesOf = (citizenId: string) => published.filter((e) => e.subject === citizenId);

  it("publishes a registered citizen's schedule to the internal and jobcenter topic only when it changes", async () => {
    const citizenId = randomUUID();
    const first = registration(citizenId);
    await send(first);
    await eventually(() => expect(schedulesOf(citizenId)).toHaveLength(1), { timeoutMs: 30000 });
    const [calculated] = schedulesOf(citizenId);
    expect(calculated.causationId).toBe(first.id);
    expect(calculated.correlationId).toBe(first.correlationId);
    expect(calculated.data.contactGroup).toBe('UNEMPLOYMENT_BENEFIT');
    expect(calculated.data.conversations.length).toBeGreaterThanOrEqual(6);
    expect(calculated.data.conversations.some((c) => c.needsBookingDeadline)).toBe(true);
    await eventually(() => expect(onJobcenterTopic).toContain(calculated.id));

    // The same registration again (a new event id, same content): nothing changed, nothing published.
    await send(registration(citizenId));
    // A month's paid hours far below the projection moves the dates: published again.
    const hours = createEvent(
      CitizenPaidHoursReportedEvent,
      { citizenId, akasseId: AKASSE, month: '2026-09', hours: 40 },
      { subject: citizenId, source: 'akasse-system' },
    );
    await send(hours);
    await eventually(() => expect(schedulesOf(citizenId)).toHaveLength(2), { timeoutMs: 30000 });
    expect(schedulesOf(citizenId)[1].causationId).toBe(hours.id);
    expect(schedulesOf(citizenId)[1].data.scheduleHash).not.toBe(calculated.data.scheduleHash);
  });

  it('dead-letters an event for a citizen who was never registered, and keeps going', async () => {
    const stranger = randomUUID();
    await send(
      createEvent(
        CitizenPaidHoursReportedEvent,
        { citizenId: stranger, akasseId: AKASSE, month: '2026-09', hours: 100 },
        { subject: stranger, source: 'akasse-system' },
      ),
    );
    const next = randomUUID();
    await send(registration(next));
    await eventually(() => expect(schedulesOf(next)).toHaveLength(1), { timeoutMs: 30000 });
    const dlq = kafka.consumer({ groupId: `dlq-${randomUUID()}`, ...TEST_CONSUMER_TUNING });
    const reasons: string[] = [];
    await dlq.connect();
    await dlq.subscribe({ topic: dlqTopic(Topics.citizen), fromBeginning: true });
    await dlq.run({
      eachMessage: async ({ message }) => void reasons.push(message.headers?.['dlq-reason']?.toString() ?? ''),
    });
    await eventually(() => expect(reasons.some((r) => r.includes('never registered'))).toBe(true), {
      timeoutMs: 20000,
    });
    await dlq.disconnect();
  });

  it('previews a schedule over HTTP, with 400 reasons for bad profiles and roles enforced', async () => {
    const caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: JOBCENTER });
    const profile = {
      birthDate: '1990-01-01',
      jobcenterCode: JOBCENTER,
      contactGroupHistory: [{ group: 'SOCIAL_ASSISTANCE_JOB_READY', from: '2026-03-02' }],
      anchors: { firstRequestForHelp: '2026-03-02' },
      asOf: '2026-03-02',
    };
    const post = (body: unknown, token?: string) =>
      fetch(`${base}/v1/schedules/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });

    const ok = await post(profile, caseworker);
    expect(ok.status).toBe(200);
    const course = (await ok.json()) as { regime: string; conversations: { guidingDate: string }[] };
    expect(course.regime).toBe('R2024');
    // R2020 §31 stk. 5 [F:S16]: the first conversation within a week of the first request for help.
    expect(course.conversations[0].guidingDate <= '2026-03-09').toBe(true);

    const unknownGroup = await post(
      { ...profile, contactGroupHistory: [{ group: 'PIRATES', from: '2026-03-02' }] },
      caseworker,
    );
    expect(unknownGroup.status).toBe(400);
    expect(((await unknownGroup.json()) as { detail: string }).detail).toContain('group must be one of');

    const heldBeforeAnchor = await post(
      { ...profile, heldConversations: [{ type: 7, heldAt: '2026-01-05' }] },
      caseworker,
    );
    expect(heldBeforeAnchor.status).toBe(400);
    expect(((await heldBeforeAnchor.json()) as { detail: string }).detail).toMatch(/anchor/i);

    expect((await post(profile)).status).toBe(401);
    expect((await post(profile, await mintDevToken({ role: 'citizen', citizenId: randomUUID() }))).status).toBe(403);
    expect((await post('{broken', caseworker)).status).toBe(400);
  });

  it('preview: 400, a reason, for input the rules cannot hold (18.4, 23.9); short window: summons (18.1)', async () => {
    const caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: JOBCENTER });
    const kh = {
      birthDate: '1990-01-01',
      jobcenterCode: JOBCENTER,
      contactGroupHistory: [{ group: 'SOCIAL_ASSISTANCE_JOB_READY', from: '2026-03-02' }],
      anchors: { firstRequestForHelp: '2026-03-02' },
      asOf: '2026-03-02',
    };
    const dagpenge = {
      birthDate: '1990-01-01',
      jobcenterCode: JOBCENTER,
      contactGroupHistory: [{ group: 'UNEMPLOYMENT_BENEFIT', from: '2026-03-02' }],
      anchors: { firstUnemploymentBenefitDay: '2026-03-02' },
      asOf: '2026-04-15',
    };
    const post = (body: unknown) =>
      fetch(`${base}/v1/schedules/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${caseworker}` },
        body: JSON.stringify(body),
      });
    const refusal = async (body: unknown) => {
      const response = await post(body);
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        detail: ((await response.json()) as { detail: string }).detail,
      };
    };

    // R2020 §31 stk. 5 [F:S16, F:S5]: the first kontanthjælp conversation cannot carry an 8-day deadline.
    const ok = await post(kh);
    expect(ok.status).toBe(200);
    const [first] = (
      (await ok.json()) as { conversations: { needsBookingDeadline: boolean; summonsReason: string | null }[] }
    ).conversations;
    expect(first).toMatchObject({ needsBookingDeadline: false, summonsReason: 'WINDOW_SHORTER_THAN_MINIMUM_DEADLINE' });

    const implausible = /^IMPLAUSIBLE_BIRTH_DATE at birthDate/;
    const cases: [string, unknown, RegExp][] = [
      ['§2 [I]: birth date 1900-01-01', { ...kh, birthDate: '1900-01-01' }, implausible],
      ['§2 [I]: 10 years old at the start', { ...kh, birthDate: '2016-01-01' }, implausible],
      [
        '§0 [F:S3,S6,S9]: asOf before 2015-07-01',
        {
          ...kh,
          contactGroupHistory: [{ group: 'SOCIAL_ASSISTANCE_JOB_READY', from: '2015-03-02' }],
          anchors: {},
          asOf: '2015-06-30',
        },
        /^BEFORE_FIRST_REGIME at now/,
      ],
      [
        '§0 [F:S3,S6,S9]: a course before 2015-07-01',
        {
          ...dagpenge,
          contactGroupHistory: [{ group: 'UNEMPLOYMENT_BENEFIT', from: '2015-03-02' }],
          anchors: { firstUnemploymentBenefitDay: '2015-03-02' },
          asOf: '2015-09-01',
        },
        /^BEFORE_FIRST_REGIME at anchors.firstUnemploymentBenefitDay/,
      ],
      [
        '§6 [F:S25]: type 7 held on sygedagpenge',
        {
          ...kh,
          contactGroupHistory: [{ group: 'SICKNESS_BENEFIT', from: '2026-03-02' }],
          anchors: {},
          asOf: '2026-04-01',
          heldConversations: [{ type: 7, heldAt: '2026-03-10' }],
        },
        /^TYPE_NOT_ALLOWED_FOR_GROUP at heldConversations\[0\].type/,
      ],
      [
        '§4 step 1 [F:S4, F:S21 §79]: paid hours for a month after asOf',
        { ...dagpenge, paidHours: [{ month: '2026-05', hours: 0 }] },
        /^REPORTED_IN_FUTURE at paidHours\[0\].month/,
      ],
    ];
    for (const [title, body, detail] of cases) {
      const r = await refusal(body);
      expect({ title, status: r.status, json: r.type?.startsWith('application/problem+json') }).toEqual({
        title,
        status: 400,
        json: true,
      });
      expect(r.detail).toMatch(detail);
    }
  });

  it('defect 6: a preview with dates out of range (9999-01-01, month 9999-01) or deep nesting is 400', async () => {
    const caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: JOBCENTER });
    const post = (body: unknown) =>
      fetch(`${base}/v1/schedules/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${caseworker}` },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const profile = {
      birthDate: '1990-01-01',
      jobcenterCode: JOBCENTER,
      contactGroupHistory: [{ group: 'UNEMPLOYMENT_BENEFIT', from: '9999-01-01' }],
    };
    for (const body of [
      profile,
      {
        ...profile,
        contactGroupHistory: [{ group: 'UNEMPLOYMENT_BENEFIT', from: '2026-01-05' }],
        paidHours: [{ month: '9999-01', hours: 1 }],
      },
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { detail: string }).detail).toMatch(/1900–2199|must be a month/);
    }
    const deep = await post(`{"birthDate":"1990-01-01","x":${'['.repeat(3000)}${']'.repeat(3000)}}`);
    expect(deep.status).toBe(400);
  });

  it("shows a citizen their own schedule and no one else's", async () => {
    const citizenId = randomUUID();
    await send(registration(citizenId));
    await eventually(() => expect(schedulesOf(citizenId)).toHaveLength(1), { timeoutMs: 30000 });
    const get = async (token: string, id = citizenId) =>
      fetch(`${base}/v1/citizens/${id}/schedule`, { headers: { authorization: `Bearer ${token}` } });
    const own = await get(await mintDevToken({ role: 'citizen', citizenId }));
    expect(own.status).toBe(200);
    expect(((await own.json()) as { schedule: ScheduleCalculatedData }).schedule.conversations.length).toBeGreaterThan(
      0,
    );
    expect((await get(await mintDevToken({ role: 'citizen', citizenId: randomUUID() }))).status).toBe(403);
    expect((await get(await mintDevToken({ role: 'caseworker', jobcenterCode: '99901' }))).status).toBe(403);
    expect((await get(await mintDevToken({ role: 'akasse', akasseId: AKASSE }))).status).toBe(200);
    expect((await get(await mintDevToken({ role: 'system' }), randomUUID())).status).toBe(404);
  });

  it('recalculates every course on demand, publishing nothing when nothing changed', async () => {
    const before = published.length;
    const response = await fetch(`${base}/v1/admin/recalculations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await mintDevToken({ role: 'system' })}` },
    });
    expect(response.status).toBe(200);
    const summary = (await response.json()) as { processed: number; published: number; finished: boolean };
    expect(summary.finished).toBe(true);
    expect(summary.processed).toBeGreaterThanOrEqual(3);
    expect(summary.published).toBe(0);
    expect(published.length).toBe(before);
  });
});
