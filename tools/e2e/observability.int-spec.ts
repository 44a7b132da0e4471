/**
 * What an operator sees, end to end: the four services as processes, scraped on /metrics while a scenario
 * runs, and exporting traces over real OTLP/HTTP (JSON) to a receiver in this test. A booking is one trace
 * across booking-, deadline- and notification-service; the metrics move as the scenario says: the citizen's
 * receipt is one observation of the delivery delay, a malformed message one DLQ count per consumer of its
 * topic, and a broker outage makes the outbox's oldest unsent event age and then drain to nothing.
 */
import { addDays, localDateOf } from '@selvbook/calendar';
import {
  CitizenRegisteredEvent,
  ContactGroup,
  createEvent,
  dlqTopic,
  INTERNAL_TOPICS,
  Language,
  Topics,
} from '@selvbook/contracts';
import { DEFAULT_DEADLINE_POLICY, planSchedule } from '@selvbook/deadline';
import { calculateContactCourse } from '@selvbook/rules';
import {
  createTestDatabase,
  eventually,
  freePort,
  KafkaMockCluster,
  mintDevToken,
  ServiceProcess,
  testEmail,
} from '@selvbook/testing';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { GatewaySink, MailSink } from '../../libs/notification/test/sinks';
import { e2eServiceEnv } from './e2e-services';

const JOBCENTER = '10101';
const APPS = ['schedule-service', 'deadline-service', 'booking-service', 'notification-service'] as const;
type App = (typeof APPS)[number];

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

/** An OTLP/HTTP receiver for traces in JSON (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`): POST /v1/traces. */
class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  requests = 0;
  private server?: Server;
  port = 0;

  async start(): Promise<this> {
    this.port = await freePort();
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (
          request.method !== 'POST' ||
          request.url !== '/v1/traces' ||
          !String(request.headers['content-type']).startsWith('application/json')
        ) {
          response.writeHead(415).end();
          return;
        }
        this.requests++;
        this.accept(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** ExportTraceServiceRequest in OTLP's JSON mapping: ids hex (or base64, as some exporters write them). */
  private accept(body: {
    resourceSpans: {
      resource: { attributes: { key: string; value: { stringValue?: string } }[] };
      scopeSpans: { spans: Record<string, unknown>[] }[];
    }[];
  }) {
    const hex = (id: unknown) =>
      typeof id !== 'string' || id === ''
        ? undefined
        : /^[0-9a-f]+$/.test(id)
          ? id
          : Buffer.from(id, 'base64').toString('hex');
    for (const { resource, scopeSpans } of body.resourceSpans) {
      const service = resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
      for (const { spans } of scopeSpans) {
        for (const s of spans) {
          this.spans.push({
            service,
            traceId: hex(s.traceId)!,
            spanId: hex(s.spanId)!,
            parentSpanId: hex(s.parentSpanId),
            name: String(s.name),
            kind: Number(s.kind),
          });
        }
      }
    }
  }
}

/** The value of a Prometheus text exposition's series, summed over those whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const match of text.matchAll(/^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/gm)) {
    if (match[1] !== name) continue;
    const own = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
    if (Object.entries(labels).every(([k, v]) => own[k] === v)) {
      total += Number(match[3]);
      found = true;
    }
  }
  return found ? total : NaN;
}

describe('observability: metrics that move and one trace per booking', () => {
  let cluster: KafkaMockCluster;
  let producer: Producer;
  const services = {} as Record<App, ServiceProcess>;
  const mail = new MailSink();
  const gateway = new GatewaySink();
  const otlp = new OtlpReceiver();
  /** citizens registered with a booking deadline, and the deadline */
  const citizens: { citizenId: string; deadlineId: string }[] = [];

  beforeAll(async () => {
    cluster = KafkaMockCluster.start();
    for (const topic of INTERNAL_TOPICS) {
      cluster.createTopic(topic, 3);
      cluster.createTopic(dlqTopic(topic), 1);
    }
    await mail.start();
    await gateway.start();
    await otlp.start();
    const tracing = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlp.port}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    const notificationEnv = {
      SMTP_URL: mail.url,
      SMS_GATEWAY_URL: gateway.smsUrl,
      DIGITAL_POST_URL: gateway.digitalPostUrl,
      DELIVERY_RUN_INTERVAL_MS: '500',
      CONTACT_RECHECK_MS: '1000',
    };
    for (const app of APPS) {
      services[app] = new ServiceProcess({
        app,
        env: {
          ...(await e2eServiceEnv(
            await createTestDatabase(`obs_${app.replace('-service', '')}`),
            cluster.bootstrapServers,
          )),
          ...tracing,
          ...(app === 'notification-service' ? notificationEnv : {}),
          // the nightly recalculation due from 00:00, checked every second: it runs once, at start
          ...(app === 'schedule-service' ? { NIGHTLY_RECALCULATION_HOUR: '0', NIGHTLY_CHECK_INTERVAL_MS: '1000' } : {}),
        },
        onLine: (line, stream) =>
          (stream === 'stderr' || process.env.E2E_LOGS) && process.stderr.write(`[${app}] ${line}\n`),
      }).start();
    }
    const kafka = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    await Promise.all(APPS.map((app) => services[app].waitReady(60000)));
    await publishSlots();
    // two citizens with a deadline to book against (the second books while the broker is away)
    for (let i = 0; i < 2; i++) citizens.push(await register(randomUUID()));
  });

  afterAll(async () => {
    cluster?.setAllBrokersUp();
    await producer?.disconnect();
    await Promise.all(APPS.map((app) => services[app]?.stop()));
    cluster?.stop();
    await mail.stop();
    await gateway.stop();
    await otlp.stop();
  });

  const url = (app: App, path: string) => `http://127.0.0.1:${services[app].port}${path}`;
  const scrape = async (app: App) => (await fetch(url(app, '/metrics'))).text();
  const metric = async (app: App, name: string, labels: Record<string, string> = {}) =>
    sample(await scrape(app), name, labels);

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

  /** A caseworker's calendar with two months of weekday slots, one seat each. */
  async function publishSlots(): Promise<void> {
    const caseworker = await mintDevToken({
      role: 'caseworker',
      jobcenterCode: JOBCENTER,
      subject: `cw-${randomUUID()}`,
    });
    const calendar = await call<{ id: string }>('booking-service', 'POST', '/v1/calendars', caseworker, {
      name: 'Team Syd',
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
  }

  /** An anchor that gives a dagpenge citizen a jobcenter deadline today, found with the services' own rules. */
  function anchorWithJobcenterDeadline(today: string): string {
    for (let back = 100; back <= 150; back++) {
      const anchor = addDays(today, -back);
      const course = calculateContactCourse(
        {
          citizenId: randomUUID(),
          birthDate: '1980-02-02',
          jobcenterCode: JOBCENTER,
          akasseId: 'akasse-a',
          anchors: { firstUnemploymentBenefitDay: anchor },
          contactGroupHistory: [{ group: ContactGroup.UNEMPLOYMENT_BENEFIT, from: anchor }],
        },
        today,
      );
      const conversations = course.conversations
        .filter((c) => c.series === 'COURSE')
        .map((c) => ({ ...c, windowFrom: c.window.from, windowTo: c.window.to }));
      const plan = planSchedule(
        {
          today,
          contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
          jobcenterCode: JOBCENTER,
          conversations,
          active: [],
          exemptions: [],
          outages: [],
        } as never,
        DEFAULT_DEADLINE_POLICY,
      );
      if (plan.open.length === 1) return anchor;
    }
    throw new Error('no anchor gives a jobcenter deadline today');
  }

  /** A citizen registered by the jobcenter with an e-mail address, once they have a booking deadline. */
  async function register(citizenId: string): Promise<{ citizenId: string; deadlineId: string }> {
    const now = new Date();
    const registered = createEvent(
      CitizenRegisteredEvent,
      {
        citizenId,
        jobcenterCode: JOBCENTER,
        akasseId: 'akasse-a',
        contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
        birthDate: '1980-02-02',
        registeredAt: now.toISOString(),
        anchorDate: anchorWithJobcenterDeadline(localDateOf(now)),
        contact: { email: testEmail('borger', citizenId), digitalPostEnabled: true, language: Language.DA },
      },
      { subject: citizenId, source: 'jobcenter-system' },
    );
    await producer.send({ topic: Topics.citizen, messages: [{ key: citizenId, value: JSON.stringify(registered) }] });
    const system = await mintDevToken({ role: 'system' });
    const deadlineId = await eventually(
      async () => {
        const found = await call<{ deadlines: { deadlineId: string; status: string }[] }>(
          'deadline-service',
          'GET',
          `/v1/citizens/${citizenId}/deadlines`,
          system,
        );
        expect(found.status).toBe(200);
        const open = found.body.deadlines.find((d) => d.status === 'open');
        expect(open).toBeDefined();
        return open!.deadlineId;
      },
      { timeoutMs: 30000 },
    );
    return { citizenId, deadlineId };
  }

  /** Books the first free slot the citizen's search offers for their deadline. */
  async function book({ citizenId, deadlineId }: { citizenId: string; deadlineId: string }): Promise<string> {
    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    const slots = await eventually(
      async () => {
        const found = await call<{ items: { id: string }[] }>(
          'booking-service',
          'GET',
          `/v1/slots?deadlineId=${deadlineId}`,
          citizen,
        );
        expect(found.status).toBe(200);
        expect(found.body.items.length).toBeGreaterThan(0);
        return found.body.items;
      },
      { timeoutMs: 30000 },
    );
    const booked = await call<{ id: string }>('booking-service', 'POST', '/v1/bookings', citizen, {
      slotId: slots[0].id,
      deadlineId,
      format: 'PHONE',
    });
    if (booked.status !== 201) throw new Error(`booking: ${booked.status} ${JSON.stringify(booked.body)}`);
    return booked.body.id;
  }

  it('a booking is one trace from the HTTP request through booking-, deadline- and notification-service to the receipt sent; its receipt counts one in the delivery delay', async () => {
    const { citizenId } = citizens[0];
    const receipts = { kind: 'BOOKING_RECEIPT' };
    const delayBefore =
      (await metric('notification-service', 'selvbook_notification_delivery_delay_seconds_count', receipts)) || 0;
    const requestsBefore =
      (await metric('booking-service', 'selvbook_http_requests_total', {
        route: '/v1/bookings',
        method: 'POST',
        status_class: '2xx',
      })) || 0;
    const publishedBefore =
      (await metric('booking-service', 'selvbook_outbox_published_total', { type: 'booking.booked' })) || 0;
    const spansBefore = otlp.spans.length;

    await book(citizens[0]);

    // The citizen's receipt is sent (by e-mail, with the meeting) and observed once, by channel and kind.
    await eventually(
      async () =>
        expect(
          await metric('notification-service', 'selvbook_notification_delivery_delay_seconds_count', receipts),
        ).toBe(delayBefore + 1),
      { timeoutMs: 30000 },
    );
    const scraped = await scrape('notification-service');
    // seconds from the booking to the send: more than nothing, well under the 30 s this test waits at most
    const delaySum = sample(scraped, 'selvbook_notification_delivery_delay_seconds_sum', receipts);
    expect(delaySum).toBeGreaterThan(0);
    expect(sample(scraped, 'selvbook_notification_delivery_delay_seconds_bucket', { ...receipts, le: '30' })).toBe(
      delayBefore + 1,
    );
    expect(
      await metric('booking-service', 'selvbook_http_requests_total', {
        route: '/v1/bookings',
        method: 'POST',
        status_class: '2xx',
      }),
    ).toBe(requestsBefore + 1);
    expect(await metric('booking-service', 'selvbook_outbox_published_total', { type: 'booking.booked' })).toBe(
      publishedBefore + 1,
    );
    const http = await scrape('booking-service');
    expect(
      sample(http, 'selvbook_http_request_duration_seconds_count', { route: '/v1/bookings', method: 'POST' }),
    ).toBeGreaterThanOrEqual(1);
    expect(http).not.toContain(citizenId); // no citizen id in any label
    expect(sample(http, 'selvbook_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(
      sample(await scrape('deadline-service'), 'selvbook_consumer_processing_duration_seconds_count', {
        type: 'booking.booked',
      }),
    ).toBeGreaterThanOrEqual(1);

    // The trace: the request's server span is its only root; the other services' spans hang below it.
    const trace = await eventually(
      () => {
        const request = otlp.spans
          .slice(spansBefore)
          .find((s) => s.service === 'booking-service' && s.name === 'POST /v1/bookings');
        expect(request).toBeDefined();
        const spans = otlp.spans.filter((s) => s.traceId === request!.traceId);
        expect(spans.some((s) => s.service === 'deadline-service' && s.name === 'booking.booked process')).toBe(true);
        expect(spans.some((s) => s.service === 'notification-service' && s.name === 'booking.booked process')).toBe(
          true,
        );
        expect(spans.some((s) => s.service === 'notification-service' && / send$/.test(s.name))).toBe(true);
        expect(spans.some((s) => s.service === 'booking-service' && s.name === 'outbox publish')).toBe(true);
        return { request: request!, spans };
      },
      { timeoutMs: 30000 },
    );
    const ids = new Set(trace.spans.map((s) => s.spanId));
    expect(trace.spans.filter((s) => !s.parentSpanId)).toEqual([trace.request]);
    expect(trace.spans.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId))).toEqual([]);
    expect(new Set(trace.spans.map((s) => s.service))).toEqual(
      new Set(['booking-service', 'deadline-service', 'notification-service']),
    );
    process.stdout.write(
      `observability: trace ${trace.request.traceId}: ${trace.spans.length} spans, ${[...new Set(trace.spans.map((s) => `${s.service}: ${s.name}`))].join('; ')}\n`,
    );
    // every consumer span's parent is a span of the producing service: the link across Kafka is the traceparent header
    const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
    for (const consumed of trace.spans.filter((s) => s.name.endsWith(' process'))) {
      const parent = byId.get(consumed.parentSpanId!)!;
      expect([consumed.name, consumed.service, parent.service === consumed.service]).toEqual([
        consumed.name,
        consumed.service,
        false,
      ]);
    }
  });

  it('a malformed message on the booking topic is one DLQ count (malformed) in each service consuming it', async () => {
    const labels = { topic: Topics.booking, reason: 'malformed' };
    const before = {
      deadline: (await metric('deadline-service', 'selvbook_consumer_dlq_messages_total', labels)) || 0,
      notification: (await metric('notification-service', 'selvbook_consumer_dlq_messages_total', labels)) || 0,
    };
    await producer.send({ topic: Topics.booking, messages: [{ key: 'x', value: '{"not": json' }] });
    await eventually(
      async () => {
        expect(await metric('deadline-service', 'selvbook_consumer_dlq_messages_total', labels)).toBe(
          before.deadline + 1,
        );
        expect(await metric('notification-service', 'selvbook_consumer_dlq_messages_total', labels)).toBe(
          before.notification + 1,
        );
      },
      { timeoutMs: 30000 },
    );
    // and nothing else counted as dead-lettered
    expect(await metric('deadline-service', 'selvbook_consumer_dlq_messages_total')).toBe(before.deadline + 1);
  });

  it('an expiry run counts one success, its duration and its time; the nightly recalculation its last success; transactions their duration', async () => {
    const system = await mintDevToken({ role: 'system' });
    const before =
      (await metric('deadline-service', 'selvbook_deadline_expiry_runs_total', { outcome: 'success' })) || 0;
    const startedAt = Date.now() / 1000;
    expect((await call('deadline-service', 'POST', '/v1/admin/expiry-runs', system, {})).status).toBe(200);
    const text = await scrape('deadline-service');
    expect(sample(text, 'selvbook_deadline_expiry_runs_total', { outcome: 'success' })).toBe(before + 1);
    expect(sample(text, 'selvbook_deadline_expiry_run_duration_seconds_count')).toBe(before + 1);
    expect(sample(text, 'selvbook_deadline_expiry_last_success_timestamp_seconds')).toBeGreaterThanOrEqual(
      Math.floor(startedAt),
    );
    // the consumers' transactions (registrations, bookings) are timed
    expect(sample(text, 'selvbook_db_transaction_duration_seconds_count', { outcome: 'commit' })).toBeGreaterThan(0);
    await eventually(
      async () =>
        expect(
          await metric('schedule-service', 'selvbook_schedule_recalculation_last_success_timestamp_seconds'),
        ).toBeGreaterThan(0),
      { timeoutMs: 30000 },
    );
    expect(await metric('schedule-service', 'selvbook_schedule_recalculation_running')).toBe(0);
  });

  it('consumer lag is reported per group, topic and partition', async () => {
    await eventually(
      async () => {
        const text = await scrape('deadline-service');
        for (const partition of ['0', '1', '2']) {
          expect(
            sample(text, 'selvbook_consumer_lag_messages', {
              group: 'deadline-service',
              topic: Topics.booking,
              partition,
            }),
          ).toBeGreaterThanOrEqual(0);
        }
      },
      { timeoutMs: 30000 },
    );
  });

  it('a broker outage: the oldest unsent outbox event ages while the broker is away, and the age falls to 0 once it is back', async () => {
    expect(await metric('booking-service', 'selvbook_outbox_oldest_unsent_age_seconds')).toBe(0);
    const citizen = await mintDevToken({ role: 'citizen', citizenId: citizens[1].citizenId });
    const slots = await call<{ items: { id: string }[] }>(
      'booking-service',
      'GET',
      `/v1/slots?deadlineId=${citizens[1].deadlineId}`,
      citizen,
    );
    cluster.setAllBrokersDown();
    const booked = await call('booking-service', 'POST', '/v1/bookings', citizen, {
      slotId: slots.body.items[0].id,
      deadlineId: citizens[1].deadlineId,
      format: 'PHONE',
    });
    expect(booked.status).toBe(201);
    // sampled every 5 s, growing in between: past 5 s, with the row still there
    const aged = await eventually(
      async () => {
        const text = await scrape('booking-service');
        const age = sample(text, 'selvbook_outbox_oldest_unsent_age_seconds');
        expect(age).toBeGreaterThan(5);
        expect(sample(text, 'selvbook_outbox_pending')).toBeGreaterThanOrEqual(1);
        return age;
      },
      { timeoutMs: 40000, intervalMs: 500 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await metric('booking-service', 'selvbook_outbox_oldest_unsent_age_seconds')).toBeGreaterThan(aged);
    expect(await metric('booking-service', 'selvbook_outbox_publish_failures_total')).toBeGreaterThan(0);

    cluster.setAllBrokersUp();
    await eventually(
      async () => {
        const text = await scrape('booking-service');
        expect(sample(text, 'selvbook_outbox_oldest_unsent_age_seconds')).toBe(0);
        expect(sample(text, 'selvbook_outbox_pending')).toBe(0);
        expect(sample(text, 'selvbook_outbox_held_back_rows')).toBe(0);
      },
      { timeoutMs: 60000, intervalMs: 500 },
    );
  });
});
