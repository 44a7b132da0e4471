/**
 * Outside clients: Selvbook as an a-kasse and an integrator meet it, with tools no one here wrote.
 *  - the README's REST examples (docs/examples/rest.sh, plain curl) run against the services;
 *  - an a-kasse reads its recipient topic with kcat (Debian's `kcat`, librdkafka), and every message is
 *    validated against the message schemas of docs/asyncapi.yaml (@asyncapi/parser + Ajv).
 * The three services that produce those events run as processes; time is moved with the clock endpoint.
 */
import { Parser } from '@asyncapi/parser';
import { addDays, endOfLocalDay, localDateOf } from '@selvbook/calendar';
import {
  akasseTopic,
  CitizenRegisteredEvent,
  ContactGroup,
  createEvent,
  dlqTopic,
  INTERNAL_TOPICS,
  jobcenterTopic,
  Language,
  Topics,
} from '@selvbook/contracts';
import { createTestDatabase, eventually, KafkaMockCluster, mintDevToken, ServiceProcess } from '@selvbook/testing';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { anchorsOpeningToday } from '../demo/seed';
import { e2eServiceEnv } from './e2e-services';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const JOBCENTER = '10101';
const AKASSE = 'fa';
const TOPIC = akasseTopic(AKASSE);
const APPS = ['schedule-service', 'deadline-service', 'booking-service'] as const;
type App = (typeof APPS)[number];

interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

/** Fails with a clear message when kcat is missing (CI installs it in .ci/run). */
async function assertKcatInstalled(): Promise<void> {
  try {
    await run('kcat', ['-V']);
  } catch {
    throw new Error(
      'kcat is not installed: `sudo apt-get install -y kcat` (Debian/Ubuntu) or `brew install kcat`; .ci/run installs it in CI',
    );
  }
}

/** Everything on a topic so far, read by kcat as a JSON line per message (-J), exiting at the end (-e). */
async function kcatRead(bootstrap: string, topic: string): Promise<KcatRecord[]> {
  const { stdout } = await run('kcat', ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-J'], {
    timeout: 20000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as KcatRecord);
}

/** The channel's message schemas from the AsyncAPI document: payload and headers validators per message id. */
async function channelValidators(
  channelId: string,
): Promise<{ address: string; messages: Map<string, { payload: ValidateFunction; headers?: ValidateFunction }> }> {
  const { document, diagnostics } = await new Parser().parse(readFileSync(join(ROOT, 'docs', 'asyncapi.yaml'), 'utf8'));
  if (!document) throw new Error(`docs/asyncapi.yaml does not parse: ${diagnostics.map((d) => d.message).join('; ')}`);
  const channel = document.channels().get(channelId);
  if (!channel) throw new Error(`no channel ${channelId} in docs/asyncapi.yaml`);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const messages = new Map<string, { payload: ValidateFunction; headers?: ValidateFunction }>();
  for (const message of channel.messages().all()) {
    const headers = message.headers()?.json();
    messages.set(message.id(), {
      payload: ajv.compile(message.payload()!.json()),
      headers: headers ? ajv.compile(headers) : undefined,
    });
  }
  return { address: channel.address()!, messages };
}

describe('Outside clients: curl on the REST API, kcat on the a-kasse topic, validated against the AsyncAPI document', () => {
  let cluster: KafkaMockCluster;
  let producer: Producer;
  const services = {} as Record<App, ServiceProcess>;
  let system: string;
  let caseworker: string;
  const url = (app: App) => `http://127.0.0.1:${services[app].port}`;

  beforeAll(async () => {
    await assertKcatInstalled();
    cluster = KafkaMockCluster.start();
    for (const topic of [...INTERNAL_TOPICS, TOPIC, jobcenterTopic(JOBCENTER)]) {
      cluster.createTopic(topic, 3);
      cluster.createTopic(dlqTopic(topic), 1);
    }
    for (const app of APPS) {
      services[app] = new ServiceProcess({
        app,
        env: await e2eServiceEnv(
          await createTestDatabase(`outside_${app.replace('-service', '')}`),
          cluster.bootstrapServers,
        ),
        onLine: (line, stream) => stream === 'stderr' && process.stderr.write(`[${app}] ${line}\n`),
      }).start();
    }
    producer = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await Promise.all(APPS.map((app) => services[app].waitReady(60000)));
    system = await mintDevToken({ role: 'system' });
    caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: JOBCENTER, subject: 'cw-outside' });
  });

  afterAll(async () => {
    await producer?.disconnect();
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
    const response = await fetch(`${url(app)}${path}`, {
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

  /** What a jobcenter system does: citizen.registered on selvbook.citizen.v1, anchored so a deadline opens today. */
  async function register(group: ContactGroup, akasseId?: string): Promise<string> {
    const citizenId = randomUUID();
    const event = createEvent(
      CitizenRegisteredEvent,
      {
        citizenId,
        jobcenterCode: JOBCENTER,
        akasseId,
        contactGroup: group,
        birthDate: '1980-02-02',
        registeredAt: new Date().toISOString(),
        anchorDate: anchorsOpeningToday(group, localDateOf(new Date()))[0],
        contact: { email: 'borger@example.dk', digitalPostEnabled: true, language: Language.DA },
      },
      { subject: citizenId, source: 'jobcenter-system' },
    );
    await producer.send({ topic: Topics.citizen, messages: [{ key: citizenId, value: JSON.stringify(event) }] });
    return citizenId;
  }

  async function openDeadline(citizenId: string): Promise<{ deadlineId: string; deadlineDate: string }> {
    return eventually(
      async () => {
        const view = await call<{ deadlines: { deadlineId: string; deadlineDate: string; status: string }[] }>(
          'deadline-service',
          'GET',
          `/v1/citizens/${citizenId}/deadlines`,
          system,
        );
        const open = view.body?.deadlines?.find((d) => d.status === 'open');
        if (!open) throw new Error(`no open deadline for ${citizenId} yet`);
        return open;
      },
      { timeoutMs: 30000 },
    );
  }

  /** Runs docs/examples/rest.sh as a reader of the README would; never throws, so a failing run can be judged. */
  async function restExample(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('bash', [join(ROOT, 'docs', 'examples', 'rest.sh')], {
        cwd: ROOT,
        timeout: 30000,
        env: {
          ...process.env,
          JOBCENTER,
          B: url('booking-service'),
          D: url('deadline-service'),
          CW: caseworker,
          SELVBOOK_STATE_DIR: stateDir,
          ...env,
        },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }
  const callsOf = (stdout: string) =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('HTTP '))
      .map((l) =>
        l
          .split(' ')
          .slice(1, 4)
          .join(' ')
          .replace(/[0-9a-f-]{36}/g, ':id')
          .replace(/\?.*/, ''),
      );
  let stateDir: string;

  it('runs the README REST examples (docs/examples/rest.sh) with plain curl: every status and body printed, its calendar reused on the next run', async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'selvbook-rest-'));
    const citizenId = await register(ContactGroup.SOCIAL_ASSISTANCE_JOB_READY);
    const { deadlineId } = await openDeadline(citizenId);
    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    // The booking service learns of the deadline from Kafka; the script starts once it can search for it.
    await eventually(
      async () =>
        expect((await call('booking-service', 'GET', `/v1/slots?deadlineId=${deadlineId}`, citizen)).status).toBe(200),
      { timeoutMs: 30000 },
    );

    const first = await restExample({ CITIZEN: citizenId, CIT: citizen });
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(callsOf(first.stdout)).toEqual([
      '200 GET /v1/citizens/:id/deadlines',
      '201 POST /v1/calendars',
      '201 POST /v1/calendars/:id/slots/generate',
      '200 GET /v1/slots',
      '201 POST /v1/bookings',
      '200 GET /v1/bookings/:id',
      '201 POST /v1/bookings/:id/rebook',
      '200 POST /v1/bookings/:id/cancel',
    ]);
    // Each status line is followed by the body it answered with.
    const after = (line: RegExp) =>
      first.stdout.split('\n')[first.stdout.split('\n').findIndex((l) => line.test(l)) + 1];
    expect(after(/^HTTP 200 GET \/v1\/citizens\//)).toContain(`"deadlineId":"${deadlineId}"`);
    const calendarId = /"id":"([0-9a-f-]{36})"/.exec(after(/^HTTP 201 POST \/v1\/calendars$/))![1];
    expect(after(/^HTTP 201 POST \/v1\/calendars\/.+\/slots\/generate/)).toMatch(/^ {2}\{"created":\d+/);
    expect(after(/^HTTP 201 POST \/v1\/bookings$/)).toContain(`"deadlineId":"${deadlineId}"`);
    expect(after(/^HTTP 200 POST \/v1\/bookings\/.+\/cancel/)).toContain('"JOB_INTERVIEW"');
    expect(first.stdout).toContain(`Done: booked, rebooked and cancelled in calendar ${calendarId}`);

    // The cancellation reopened the deadline; run again: the same calendar, no new one, no new slots.
    await eventually(
      async () => {
        expect((await openDeadline(citizenId)).deadlineId).toBe(deadlineId);
        const booked = await call<{ items: unknown[] }>(
          'booking-service',
          'GET',
          `/v1/slots?deadlineId=${deadlineId}&format=PHONE`,
          citizen,
        );
        expect(booked.body.items.length).toBeGreaterThan(1);
      },
      { timeoutMs: 30000 },
    );
    const second = await eventually(
      async () => {
        const again = await restExample({ CITIZEN: citizenId, CIT: citizen });
        expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
        return again;
      },
      { timeoutMs: 30000, intervalMs: 1000 },
    );
    expect(second.stdout).toContain(`Reusing calendar ${calendarId}`);
    expect(callsOf(second.stdout)).toEqual([
      '200 GET /v1/citizens/:id/deadlines',
      '201 POST /v1/calendars/:id/slots/generate',
      '200 GET /v1/slots',
      '201 POST /v1/bookings',
      '200 GET /v1/bookings/:id',
      '201 POST /v1/bookings/:id/rebook',
      '200 POST /v1/bookings/:id/cancel',
    ]);
    expect(second.stdout).toContain(`HTTP 201 POST /v1/calendars/${calendarId}/slots/generate\n  {"created":0,`);
  });

  it('rest.sh with an unknown citizen stops before creating anything, saying why and how to pick a seeded one', async () => {
    const unknown = randomUUID();
    const result = await restExample({
      CITIZEN: unknown,
      CIT: await mintDevToken({ role: 'citizen', citizenId: unknown }),
      SELVBOOK_STATE_DIR: mkdtempSync(join(tmpdir(), 'selvbook-rest-')),
    });
    expect(result.code).toBe(3);
    expect(callsOf(result.stdout)).toEqual(['200 GET /v1/citizens/:id/deadlines']);
    expect(result.stdout).toContain(`{"citizenId":"${unknown}"`);
    expect(result.stderr).toContain(`rest.sh: citizen ${unknown} has no open self-booking deadline`);
    expect(result.stderr).toContain('`npm start` prints two');

    // An unexpected answer stops it too, saying what answered what: here a token the service does not accept.
    const stranger = await restExample({ CITIZEN: unknown, CIT: 'not-a-token' });
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(/^rest\.sh: GET deadlines answered HTTP 401: /m);
  });

  it('an a-kasse reads its topic with kcat; every message matches its AsyncAPI schema, and all five a-kasse event types arrive', async () => {
    const [schemas, booker, neverBooks] = await Promise.all([
      channelValidators('akasse'),
      register(ContactGroup.UNEMPLOYMENT_BENEFIT, AKASSE),
      register(ContactGroup.UNEMPLOYMENT_BENEFIT, AKASSE),
    ]);
    expect(schemas.address.replace('{akasseId}', AKASSE)).toBe(TOPIC);

    // A caseworker publishes slots; the first member books, cancels (afbud), books again and does not show up.
    const calendar = await call<{ id: string }>('booking-service', 'POST', '/v1/calendars', caseworker, {
      name: 'Team Kcat',
      defaultLocation: 'Jobcenter, Vej 2',
    });
    expect(calendar.status).toBe(201);
    const today = localDateOf(new Date());
    const generated = await call(
      'booking-service',
      'POST',
      `/v1/calendars/${calendar.body.id}/slots/generate`,
      caseworker,
      {
        // from tomorrow: a slot later today can be bookable (60 min lead) and yet too close to cancel (120 min)
        from: addDays(today, 1),
        to: addDays(today, 40),
        periods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '13:00', closes: '16:00' })),
        slotMinutes: 45,
        gapMinutes: 15,
        conversationTypes: [7, 17],
        formats: ['IN_PERSON', 'PHONE'],
        capacity: 1,
      },
    );
    expect(generated.status).toBe(201);
    const [opened, missed] = await Promise.all([openDeadline(booker), openDeadline(neverBooks)]);
    const citizen = await mintDevToken({ role: 'citizen', citizenId: booker });
    const slots = await eventually(
      async () => {
        const found = await call<{ items: { id: string; endsAt: string }[] }>(
          'booking-service',
          'GET',
          `/v1/slots?deadlineId=${opened.deadlineId}`,
          citizen,
        );
        expect(found.body?.items?.length).toBeGreaterThan(1);
        return found.body.items;
      },
      { timeoutMs: 30000 },
    );
    const first = await call<{ id: string }>(
      'booking-service',
      'POST',
      '/v1/bookings',
      citizen,
      { slotId: slots[0].id, deadlineId: opened.deadlineId, format: 'PHONE' },
      { 'idempotency-key': randomUUID() },
    );
    expect(first.status).toBe(201);
    expect(
      (
        await call('booking-service', 'POST', `/v1/bookings/${first.body.id}/cancel`, citizen, {
          legitimateReason: 'SICKNESS',
        })
      ).status,
    ).toBe(200);
    // The deadline reopens (deadline-service → booking-service) before the citizen can book against it again.
    const second = await eventually(
      async () => {
        const booked = await call<{ id: string }>(
          'booking-service',
          'POST',
          '/v1/bookings',
          citizen,
          { slotId: slots[1].id, deadlineId: opened.deadlineId, format: 'PHONE' },
          { 'idempotency-key': randomUUID() },
        );
        expect(booked.status).toBe(201);
        return booked.body;
      },
      { timeoutMs: 30000 },
    );
    const meetingOver = new Date(new Date(slots[1].endsAt).getTime() + 60_000).toISOString();
    expect((await call('booking-service', 'POST', '/v1/admin/clock', system, { setTo: meetingOver })).status).toBe(200);
    expect(
      (
        await call('booking-service', 'POST', `/v1/bookings/${second.id}/attendance`, caseworker, {
          outcome: 'NO_SHOW',
        })
      ).status,
    ).toBe(200);

    // The second member never books: the deadline expires at local midnight.
    const afterDeadline = new Date(endOfLocalDay(missed.deadlineDate).getTime() + 30 * 60_000).toISOString();
    expect((await call('deadline-service', 'POST', '/v1/admin/clock', system, { setTo: afterDeadline })).status).toBe(
      200,
    );
    expect((await call('deadline-service', 'POST', '/v1/admin/expiry-runs', system, {})).status).toBe(200);

    const expected = [
      'akasse.citizen-deregistered',
      'akasse.deadline-missed',
      'akasse.meeting-cancelled',
      'akasse.no-show',
      'schedule.calculated',
    ];
    const records = await eventually(
      async () => {
        const read = await kcatRead(cluster.bootstrapServers, TOPIC);
        expect([...new Set(read.map((r) => (JSON.parse(r.payload!) as { type: string }).type))].sort()).toEqual(
          expected,
        );
        return read;
      },
      { timeoutMs: 45000, intervalMs: 500 },
    );

    const problems: string[] = [];
    for (const record of records) {
      const where = `${record.topic}[${record.partition}]@${record.offset}`;
      const envelope = JSON.parse(record.payload!) as {
        type: string;
        version: number;
        subject: string;
        data: { akasseId?: string };
      };
      const schema = schemas.messages.get(`${envelope.type}.v${envelope.version}`);
      if (!schema) {
        problems.push(`${where}: ${envelope.type} v${envelope.version} is not a message of the akasse channel`);
        continue;
      }
      if (!schema.payload(envelope as unknown))
        problems.push(`${where} ${envelope.type}: ${JSON.stringify(schema.payload.errors)}`);
      const headers: Record<string, string> = {};
      for (let i = 0; i + 1 < (record.headers ?? []).length; i += 2)
        headers[record.headers![i]] = record.headers![i + 1];
      if (schema.headers && !schema.headers(headers as unknown))
        problems.push(`${where} headers: ${JSON.stringify(schema.headers.errors)}`);
      if (record.key !== envelope.subject)
        problems.push(`${where}: key ${record.key} is not the subject ${envelope.subject}`);
      if (envelope.data.akasseId !== AKASSE)
        problems.push(`${where}: a member of ${envelope.data.akasseId} on ${TOPIC}`);
    }
    expect(problems).toEqual([]);
    // Only this a-kasse's two members; the kontanthjælp citizen of the curl examples has no a-kasse.
    expect(new Set(records.map((r) => r.key))).toEqual(new Set([booker, neverBooks]));

    // The integrator's starter (examples/akasse-consumer) reads the same topic: every message valid, each told.
    const starter = spawn(
      process.execPath,
      [join(ROOT, 'tools', 'run.js'), join(ROOT, 'examples', 'akasse-consumer', 'src', 'main.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, AKASSE_ID: AKASSE, KAFKA_BROKERS: cluster.bootstrapServers },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let said = '';
    starter.stdout!.on('data', (chunk: Buffer) => (said += chunk.toString('utf8')));
    try {
      const lines = await eventually(
        () => {
          const told = said.split('\n').filter((l) => /^(ACT|NOTE|SKIP) /.test(l));
          expect(told.length).toBeGreaterThanOrEqual(records.length);
          return told;
        },
        { timeoutMs: 30000 },
      );
      expect(lines.filter((l) => l.startsWith('SKIP'))).toEqual([]);
      expect(lines).toHaveLength(records.length);
      expect(lines.filter((l) => l.includes(`member ${neverBooks}`))).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^ACT {2}assess availability \(rådighed\): .* missed the self-booking deadline of .*; deregistered as jobseeker from/,
          ),
          expect.stringMatching(/^ACT {2}stop dagpenge from /),
        ]),
      );
      expect(lines.filter((l) => l.includes(`member ${booker}`))).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^ACT {2}check the reason given: .* cancelled \(afbud\) a .*jobsamtale .* giving "the member is sick" \(SICKNESS\)\.$/,
          ),
          expect.stringMatching(/^ACT {2}assess availability \(rådighed\): .* did not show up for a /),
        ]),
      );
    } finally {
      starter.kill('SIGTERM');
    }
  });
});
