/**
 * The web front's pages, rendered server-side over the real services (schedule, deadline and booking as
 * processes on embedded PostgreSQL and the Kafka mock broker; the web app as a process):
 *  - p99 latency of "Mine samtaler", the slot search (the booking page) and the receipt, each under
 *    WEB_BENCH_CONNECTIONS concurrent signed-in clients for WEB_BENCH_SECONDS (autocannon);
 *  - the booking page's transferred weight: its HTML, the one stylesheet and the one small script it loads,
 *    headers included (no font, no image, nothing from another origin).
 *   node tools/run.js tools/bench/web.bench.ts      (npm run bench -- web)
 */
import { localDateOf, addDays } from '@selvbook/calendar';
import { CitizenRegisteredEvent, ContactGroup, createEvent, dlqTopic, INTERNAL_TOPICS, jobcenterTopic, akasseTopic, Language, Topics } from '@selvbook/contracts';
import { EmbeddedPostgresServer, eventually, freePort, KafkaMockCluster, mintDevToken, ServiceProcess } from '@selvbook/testing';
import autocannon from 'autocannon';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { anchorsOpeningToday } from '../demo/seed';
import { e2eServiceEnv } from '../e2e/e2e-services';

const APPS = ['schedule-service', 'deadline-service', 'booking-service'] as const;

export async function benchWeb(): Promise<Record<string, number | string>> {
  const seconds = Number(process.env.WEB_BENCH_SECONDS ?? 10);
  const connections = Number(process.env.WEB_BENCH_CONNECTIONS ?? 16);
  const pg = await EmbeddedPostgresServer.start();
  const cluster = KafkaMockCluster.start();
  for (const topic of [...INTERNAL_TOPICS, jobcenterTopic('10101'), akasseTopic('3f')]) {
    cluster.createTopic(topic, 1);
    cluster.createTopic(dlqTopic(topic), 1);
  }
  const processes: ServiceProcess[] = [];
  try {
    const services = {} as Record<(typeof APPS)[number], ServiceProcess>;
    for (const app of APPS) {
      const database = `bench_web_${app.replace('-service', '')}`;
      await pg.createDatabase(database);
      // far above the run: the bench measures rendering, not the limiter refusing one signed-in citizen
      const env = { ...(await e2eServiceEnv(pg.url(database), cluster.bootstrapServers)), RATE_LIMIT_MAX: '100000000', LOG_LEVEL: 'error' };
      services[app] = new ServiceProcess({ app, env }).start();
      processes.push(services[app]);
    }
    const url = (app: (typeof APPS)[number]) => `http://127.0.0.1:${services[app].port}`;
    const web = new ServiceProcess({
      app: 'web',
      env: { PORT: String(await freePort()), SCHEDULE_URL: url('schedule-service'), DEADLINE_URL: url('deadline-service'), BOOKING_URL: url('booking-service'), LOG_LEVEL: 'error' },
    }).start();
    processes.push(web);
    await Promise.all(processes.map((p) => p.waitReady(90000)));

    // A month of slots in a calendar, and a dagpenge citizen whose deadline opens today.
    const call = async <T>(path: string, token: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${url('booking-service')}${path}`, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      if (!response.ok) throw new Error(`${path} → ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: '10101' });
    const calendar = await call<{ id: string }>('/v1/calendars', caseworker, { name: 'Bench', defaultLocation: 'Vesterbrogade 1, København' });
    const today = localDateOf(new Date());
    await call(`/v1/calendars/${calendar.id}/slots/generate`, caseworker, {
      from: addDays(today, 1), to: addDays(today, 31), periods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '16:00' })),
      slotMinutes: 30, conversationTypes: [7], formats: ['IN_PERSON', 'PHONE', 'VIDEO'], capacity: 1,
    });
    const citizenId = randomUUID();
    const producer = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({
      topic: Topics.citizen,
      messages: [{ key: citizenId, value: JSON.stringify(createEvent(CitizenRegisteredEvent, {
        citizenId, jobcenterCode: '10101', akasseId: '3f', contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT, birthDate: '1980-02-02',
        registeredAt: new Date().toISOString(), anchorDate: anchorsOpeningToday(ContactGroup.UNEMPLOYMENT_BENEFIT, today)[0],
        contact: { email: 'borger@example.dk', digitalPostEnabled: true, language: Language.DA },
      }, { subject: citizenId, source: 'jobcenter-system' })) }],
    });
    await producer.disconnect();
    const system = await mintDevToken({ role: 'system' });
    const deadlineId = await eventually(async () => {
      const response = await fetch(`${url('deadline-service')}/v1/citizens/${citizenId}/deadlines`, { headers: { authorization: `Bearer ${system}` } });
      const open = ((await response.json()) as { deadlines: { deadlineId: string; status: string }[] }).deadlines.find((d) => d.status === 'open');
      if (!open) throw new Error('no open deadline yet');
      return open.deadlineId;
    }, { timeoutMs: 60000, intervalMs: 300 });
    const citizen = await mintDevToken({ role: 'citizen', citizenId });
    const booking = await fetch(`${url('booking-service')}/v1/slots?deadlineId=${deadlineId}&limit=1`, { headers: { authorization: `Bearer ${citizen}` } })
      .then((r) => r.json() as Promise<{ items: { id: string }[] }>)
      .then(({ items }) => call<{ id: string }>('/v1/bookings', citizen, { slotId: items[0].id, deadlineId }));

    const base = `http://127.0.0.1:${web.port}`;
    const cookie = `sb_token=${citizen}; sb_csrf=${'b'.repeat(32)}`;
    const pages = { 'mine-samtaler': '/mine-samtaler', 'booking page (slot search)': `/frister/${deadlineId}/tider`, receipt: `/bookinger/${booking.id}` };

    // Weight of the booking page: status line and headers as sent, body, and the stylesheet it links.
    const weigh = async (path: string) => {
      const response = await fetch(`${base}${path}`, { headers: { cookie } });
      if (response.status !== 200) throw new Error(`${path} → ${response.status}`);
      const body = Buffer.byteLength(await response.text());
      const headers = [...response.headers].reduce((n, [k, v]) => n + k.length + v.length + 4, 20);
      return body + headers;
    };
    const result: Record<string, number | string> = {
      'booking page HTML bytes': await weigh(pages['booking page (slot search)']),
      'stylesheet bytes': await weigh('/assets/selvbook.css'),
      'script bytes': await weigh('/assets/selvbook.js'),
    };
    result['booking page transferred KB (HTML + CSS + script)'] = Number(
      ((Number(result['booking page HTML bytes']) + Number(result['stylesheet bytes']) + Number(result['script bytes'])) / 1024).toFixed(1),
    );

    for (const [name, path] of Object.entries(pages)) {
      // warm-up (JIT, connection pools), not counted
      await autocannon({ url: `${base}${path}`, connections, amount: 200, headers: { cookie } });
      let failures = 0;
      const run = await autocannon({
        url: `${base}${path}`, connections, duration: seconds, headers: { cookie },
        requests: [{ method: 'GET', path, onResponse: (status) => { if (status !== 200) failures++; } }],
      });
      result[`${name}: requests/s`] = Math.round(run.requests.average);
      result[`${name}: p50 ms`] = run.latency.p50;
      result[`${name}: p99 ms`] = run.latency.p99;
      result[`${name}: non-200`] = failures;
    }
    result.verdict = Object.entries(result).some(([k, v]) => k.endsWith('p99 ms') && Number(v) >= 100) || Number(result['booking page transferred KB (HTML + CSS + script)']) >= 100
      ? 'target missed' : 'p99 < 100 ms on every page; booking page < 100 KB';
    return result;
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    cluster.stop();
    await pg.stop();
  }
}

if (require.main === module) {
  benchWeb().then((r) => console.log(JSON.stringify(r, null, 2)), (error) => {
    console.error(error);
    process.exit(1);
  });
}
