/**
 * The four services (and the booking service's read replica) as they are deployed: the image's tree and command (docker/), the Kubernetes manifests'
 * environment (k8s/base), as the pod's uid with a read-only root filesystem — against the real PostgreSQL and
 * Kafka-protocol broker of the harness, which stand in only for the Secrets and the in-cluster addresses. If a
 * manifest lacks a variable a service needs, or the image misses a file, this test fails: that is its purpose.
 */
import { addDays, localDateOf } from '@selvbook/calendar';
import { CitizenRegisteredEvent, ContactGroup, createEvent, Language, Topics } from '@selvbook/contracts';
import {
  createTestDatabase,
  devJwks,
  eventually,
  freePort,
  INTERNAL_TOPIC_PARTITIONS,
  KafkaMockCluster,
  mintDevToken,
  ServiceProcess,
  SERVICES,
  ServiceName,
} from '@selvbook/testing';
import { dlqTopic, INTERNAL_TOPICS } from '@selvbook/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMailbox } from '../demo/mailbox';
import { anchorsOpeningToday, DEMO_TOPICS } from '../demo/seed';
import {
  assembleImageTree,
  deploymentForm,
  DeploymentForm,
  imagePath,
  imageSpec,
  renderManifests,
  sandboxed,
} from './deployed-form';

const JOBCENTER = '10101';

describe('deployed form: the image on the manifests, read-only root, non-root uid', () => {
  const tree = mkdtempSync(join(tmpdir(), 'selvbook-image-'));
  const mailboxDir = mkdtempSync(join(tmpdir(), 'selvbook-deployed-mail-'));
  let cluster: KafkaMockCluster;
  let mailbox: LocalMailbox;
  let jwks: Server;
  const forms = {} as Record<ServiceName, DeploymentForm>;
  const services = {} as Record<ServiceName, ServiceProcess>;
  /** the booking service's read replica (Deployment booking-reads: the booking-service app, SERVICE_ROLE=api) */
  let reads: ServiceProcess;
  let readsForm: DeploymentForm;
  const logs: string[] = [];
  let as: { issuer: string; audience: string };

  beforeAll(async () => {
    assembleImageTree(tree);
    const image = imageSpec();
    const docs = renderManifests();
    cluster = KafkaMockCluster.start();
    for (const topic of [...INTERNAL_TOPICS, ...DEMO_TOPICS]) {
      cluster.createTopic(topic, INTERNAL_TOPIC_PARTITIONS);
      cluster.createTopic(dlqTopic(topic), 1);
    }
    mailbox = await LocalMailbox.start({ dir: mailboxDir, smtpPort: 0, httpPort: 0 });
    const keys = JSON.stringify(await devJwks());
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(keys));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as { port: number }).port}/certs`;

    const databases: Record<string, string> = {};
    const start = async (deployment: string, app: ServiceName) => {
      databases[`${app}-db`] ??= await createTestDatabase(app.replace('-service', ''));
      const form = deploymentForm(docs, deployment, {
        secrets: {
          [`${app}-db`]: { url: databases[`${app}-db`] },
          'notification-smtp': { url: mailbox.smtpUrl },
        },
        addresses: {
          PORT: String(await freePort()),
          KAFKA_BROKERS: cluster.bootstrapServers,
          AUTH_JWKS_URL: jwksUrl,
          ...mailbox.serviceEnv,
        },
      });
      const replica = new ServiceProcess({
        app,
        env: { PATH: imagePath(), HOSTNAME: `${deployment}-0`, ...image.env, ...form.env },
        deployed: { command: sandboxed(image.command, form, true), cwd: tree },
        onLine: (line) => logs.push(`[${deployment}] ${line}`),
      }).start();
      return { form, process: replica };
    };
    for (const { app } of SERVICES) ({ form: forms[app], process: services[app] } = await start(app, app));
    ({ form: readsForm, process: reads } = await start('booking-reads', 'booking-service'));
    as = { issuer: forms['booking-service'].env.AUTH_ISSUER, audience: forms['booking-service'].env.AUTH_AUDIENCE };
    try {
      await Promise.all([...SERVICES.map(({ app }) => services[app].waitReady(60000)), reads.waitReady(60000)]);
    } catch (error) {
      process.stderr.write(`${logs.slice(-40).join('\n')}\n`);
      throw error;
    }
  });

  afterAll(async () => {
    await Promise.all([...Object.values(services), reads].map((s) => s?.stop()));
    jwks?.close();
    await mailbox?.stop();
    cluster?.stop();
    rmSync(tree, { recursive: true, force: true });
    rmSync(mailboxDir, { recursive: true, force: true });
  });

  type Target = ServiceName | 'booking-reads';
  const url = (app: Target, path: string) =>
    `http://127.0.0.1:${(app === 'booking-reads' ? reads : services[app]).port}${path}`;

  async function call<T>(
    app: Target,
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(url(app, path), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json', 'idempotency-key': randomUUID() } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  }

  it('runs every service as the pod would: image user, read-only root, the manifests as the only configuration', async () => {
    for (const { app } of SERVICES) {
      expect(forms[app].user).toEqual({ uid: 1000, gid: 1000 });
      expect(forms[app].env.AUTH_PUBLIC_KEY).toBeUndefined(); // tokens are checked against the identity provider's JWKS
      expect((await fetch(url(app, '/health/live'))).status).toBe(200);
      expect((await fetch(url(app, '/health/ready'))).status).toBe(200);
    }
    expect(readsForm.env).toMatchObject({ SERVICE: 'booking-service', SERVICE_ROLE: 'api' });
    expect(readsForm.user).toEqual({ uid: 1000, gid: 1000 });
    expect((await fetch(url('booking-reads', '/health/ready'))).status).toBe(200);
    // nothing of the development runtime reaches the image
    expect(logs.join('\n')).not.toMatch(/EROFS|read-only file system|swc/i);
  });

  it('books a citizen end to end: registration on Kafka, deadline, slot search, booking, receipt by e-mail', async () => {
    const today = localDateOf(new Date());
    const caseworker = await mintDevToken(
      { role: 'caseworker', jobcenterCode: JOBCENTER, subject: `cw-${JOBCENTER}` },
      '1h',
      as,
    );
    const calendar = await call<{ id: string }>('booking-service', 'POST', '/v1/calendars', caseworker, {
      name: 'Team Nord',
      defaultLocation: 'Jobcenter, Vej 1',
    });
    expect(calendar.status).toBe(201);
    const generated = await call<{ created: number }>(
      'booking-service',
      'POST',
      `/v1/calendars/${calendar.body.id}/slots/generate`,
      caseworker,
      {
        from: addDays(today, 1),
        to: addDays(today, 21),
        periods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '12:00' })),
        slotMinutes: 30,
        gapMinutes: 0,
        conversationTypes: [4, 7, 17],
        formats: ['IN_PERSON', 'PHONE'],
        capacity: 1,
      },
    );
    expect(generated.status).toBe(201);

    const citizenId = randomUUID();
    const email = `deployed-${citizenId.slice(0, 8)}@example.dk`;
    const kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const anchorDate = anchorsOpeningToday(ContactGroup.UNEMPLOYMENT_BENEFIT, today)[0];
    const registered = createEvent(
      CitizenRegisteredEvent,
      {
        citizenId,
        jobcenterCode: JOBCENTER,
        akasseId: '3f',
        contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
        birthDate: '1980-02-02',
        registeredAt: new Date().toISOString(),
        anchorDate,
        contact: { email, digitalPostEnabled: false, language: Language.DA },
      },
      { subject: citizenId, source: 'jobcenter-system' },
    );
    await producer.send({ topic: Topics.citizen, messages: [{ key: citizenId, value: JSON.stringify(registered) }] });
    await producer.disconnect();

    const citizen = await mintDevToken({ role: 'citizen', citizenId }, '1h', as);
    type Deadlines = { deadlines: { deadlineId: string; status: string }[] };
    const deadline = await eventually(
      async () => {
        const view = await call<Deadlines>('deadline-service', 'GET', `/v1/citizens/${citizenId}/deadlines`, citizen);
        const open = view.body?.deadlines?.find((d) => d.status === 'open');
        if (!open) throw new Error(`no open deadline yet (${view.status})`);
        return open;
      },
      { timeoutMs: 60000, intervalMs: 500 },
    );

    // the booking service learns of the deadline from deadline.opened; the search, as the web front makes it, is
    // answered by the read replica
    const slots = await eventually(
      async () => {
        const found = await call<{ items: { id: string }[] }>(
          'booking-reads',
          'GET',
          `/v1/slots?deadlineId=${deadline.deadlineId}&limit=3`,
          citizen,
        );
        expect(found.status).toBe(200);
        expect(found.body.items.length).toBeGreaterThan(0);
        return found;
      },
      { timeoutMs: 30000, intervalMs: 300 },
    );
    const booked = await call<{ id: string }>('booking-service', 'POST', '/v1/bookings', citizen, {
      slotId: slots.body.items[0].id,
      deadlineId: deadline.deadlineId,
    });
    expect(booked.status).toBe(201);
    // the caseworker's week, from the read replica, shows it
    type Week = { items: { state: string; bookings: { bookingId: string }[] }[] };
    const week = await call<Week>(
      'booking-reads',
      'GET',
      `/v1/calendars/${calendar.body.id}/slots?from=${addDays(today, 0)}T00:00:00Z&to=${addDays(today, 22)}T00:00:00Z`,
      caseworker,
    );
    expect(week.status).toBe(200);
    expect(week.body.items.flatMap((s) => s.bookings.map((b) => b.bookingId))).toEqual([booked.body.id]);

    // booking.booked reaches the deadline service (deadline fulfilled) and the notification service (receipt)
    await eventually(
      async () => {
        const view = await call<Deadlines>('deadline-service', 'GET', `/v1/citizens/${citizenId}/deadlines`, citizen);
        expect(view.body.deadlines.find((d) => d.deadlineId === deadline.deadlineId)?.status).toBe('fulfilled');
      },
      { timeoutMs: 30000, intervalMs: 300 },
    );
    await eventually(
      () => {
        expect(
          mailbox.received.some((m) => m.channel === 'email' && m.to.includes(email) && m.calendar === 'samtale.ics'),
        ).toBe(true);
      },
      { timeoutMs: 30000, intervalMs: 300 },
    );
  });

  it("stops cleanly on SIGTERM within the pod's grace period", async () => {
    for (const [process, form] of [
      ...SERVICES.map(({ app }) => [services[app], forms[app]] as const),
      [reads, readsForm] as const,
    ]) {
      const started = Date.now();
      expect(await process.stop(form.terminationGraceSeconds * 1000)).toBe(0);
      expect(Date.now() - started).toBeLessThan(form.terminationGraceSeconds * 1000);
    }
  });
});
