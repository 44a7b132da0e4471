/**
 * Notification benchmark: messages per second from events to a local SMTP server, against the raw nodemailer
 * send rate to the same server in the same run.
 * - raw: nodemailer's pooled SMTP transport (same pool size) sends `total` messages of the same shape as a
 *   booking receipt (subject, text, HTML, .ics as alternative and attachment), `inFlight` at a time.
 * - service: the notification service in-process (real PostgreSQL, the Kafka mock broker) consumes `total`
 *   booking.booked events (one citizen each, contact details seeded) and sends each receipt through the full
 *   path: inbox transaction → notification row (+ reminder timer) → plan → render da template + .ics → SMTP
 *   through the pool → delivery row sent + notification.sent in the outbox, relayed to Kafka.
 * Clock: from the first event produced to the last message accepted by the SMTP server.
 *   node tools/run.js tools/bench/notification.bench.ts
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import {
  ActorRole,
  BookingBookedEvent,
  ConversationType,
  createEvent,
  dlqTopic,
  INTERNAL_TOPICS,
  Language,
  MeetingFormat,
  Topics,
} from '@selvbook/contracts';
import { createKafka } from '@selvbook/messaging';
import { buildIcs, meetingUid, renderTemplate, templateFields } from '@selvbook/notification';
import { createServiceApp, loadConfig } from '@selvbook/platform';
import { devPublicKey, EmbeddedPostgresServer, KafkaMockCluster } from '@selvbook/testing';
import nodemailer from 'nodemailer';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { AppModule, SERVICE_NAME } from '../../apps/notification-service/src/app.module';
import { NotificationConfig } from '../../apps/notification-service/src/notification.config';
import { MailSink } from '../../libs/notification/test/sinks';

const JC = '10101';

export async function benchNotification(
  opts: { total?: number; poolSize?: number; inFlight?: number; concurrency?: number } = {},
): Promise<Record<string, number>> {
  const total = opts.total ?? Number(process.env.BENCH_MESSAGES ?? 5000);
  const poolSize = opts.poolSize ?? 5;
  const inFlight = opts.inFlight ?? 100;
  const concurrency = opts.concurrency ?? Number(process.env.BENCH_CONCURRENCY ?? 2);
  const pg = await EmbeddedPostgresServer.start();
  const cluster = KafkaMockCluster.start();
  const sink = await new MailSink({ parse: false }).start();
  let app: INestApplication | undefined;
  try {
    for (const t of INTERNAL_TOPICS) {
      cluster.createTopic(t, 6);
      cluster.createTopic(dlqTopic(t), 1);
    }

    // ── raw nodemailer ceiling ───────────────────────────────────────────────────────────────────────
    const sample = sampleReceipt();
    const transport = nodemailer.createTransport({
      pool: true,
      host: '127.0.0.1',
      port: sink.port,
      maxConnections: poolSize,
      maxMessages: Infinity,
      ignoreTLS: true,
    });
    await transport.sendMail({ ...sample, to: 'warm-up@example.dk' });
    const rawStarted = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < total) {
          const i = next++;
          await transport.sendMail({
            ...sample,
            to: `raw-${i}@example.dk`,
            messageId: `<${randomUUID()}@selvbook.dk>`,
          });
        }
      }),
    );
    const rawSeconds = (Date.now() - rawStarted) / 1000;
    transport.close();

    // ── the service, from events ──────────────────────────────────────────────────────────────────────
    await pg.createDatabase('notification_bench');
    const config = loadConfig(NotificationConfig, {
      DATABASE_URL: pg.url('notification_bench'),
      KAFKA_BROKERS: cluster.bootstrapServers,
      KAFKA_MAX_WAIT_MS: '100',
      LOG_LEVEL: 'silent',
      AUTH_PUBLIC_KEY: devPublicKey(),
      SMTP_URL: sink.url,
      SMTP_POOL_SIZE: String(poolSize),
      DELIVERY_BATCH_SIZE: String(Math.ceil(inFlight / concurrency)),
      DELIVERY_CONCURRENCY: String(concurrency),
      DELIVERY_RUN_INTERVAL_MS: '1000',
    });
    app = await createServiceApp(AppModule.forRoot(config), {
      serviceName: SERVICE_NAME,
      title: 'bench',
      description: 'bench',
    });
    await app.listen(0, '127.0.0.1');
    const ds = app.get(DataSource);
    const citizens = Array.from({ length: total + 1 }, () => randomUUID());
    await ds.query(
      `INSERT INTO notification_contact (citizen_id, jobcenter_code, email, digital_post_enabled, language)
       SELECT id, '${JC}', 'svc-' || id || '@example.dk', false, 'da' FROM unnest($1::uuid[]) AS t(id)`,
      [citizens],
    );
    const kafka = createKafka({
      clientId: 'notification-bench',
      brokers: cluster.bootstrapServers.split(','),
      logger: pino({ level: 'silent' }),
    });
    const producer = kafka.producer();
    await producer.connect();
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    const eventFor = (citizenId: string) => {
      const e = createEvent(
        BookingBookedEvent,
        {
          citizenId,
          jobcenterCode: JC,
          bookingId: randomUUID(),
          slotId: randomUUID(),
          conversationType: ConversationType.JOB_CONVERSATION,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 1_800_000).toISOString(),
          format: MeetingFormat.IN_PERSON,
          location: 'Jobcenter København, Kalvebod Brygge 45',
          bookedBy: ActorRole.CITIZEN,
          selfBooked: true,
        },
        { subject: citizenId, source: 'bench' },
      );
      return { key: citizenId, value: JSON.stringify(e) };
    };
    // Warm-up: the consumer has joined its group and one receipt has gone all the way.
    const before = sink.received;
    await producer.send({ topic: Topics.booking, messages: [eventFor(citizens[total])] });
    await waitFor(() => sink.received > before, 60_000);
    const baseline = sink.received;
    const messages = citizens.slice(0, total).map(eventFor);
    const started = Date.now();
    for (let i = 0; i < messages.length; i += 500)
      await producer.send({ topic: Topics.booking, messages: messages.slice(i, i + 500) });
    const producedSeconds = (Date.now() - started) / 1000;
    await waitFor(() => sink.received - baseline >= total, 300_000);
    const serviceSeconds = (Date.now() - started) / 1000;
    await producer.disconnect();
    // Mail arrives before its batch commits: wait for the last delivery rows to say so.
    for (let i = 0; i < 500; i++) {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE status = 'sent'`);
      if (n >= total + 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const [{ sent, duplicates }] = await ds.query(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent,
              (SELECT count(*) FROM (SELECT notification_id FROM notification_delivery GROUP BY notification_id, channel HAVING count(*) > 1) d)::int AS duplicates
         FROM notification_delivery`,
    );

    const rawPerSecond = total / rawSeconds;
    const servicePerSecond = total / serviceSeconds;
    return {
      messages: total,
      poolSize,
      concurrency,
      rawSeconds: round(rawSeconds),
      rawPerSecond: Math.round(rawPerSecond),
      serviceSeconds: round(serviceSeconds),
      servicePerSecond: Math.round(servicePerSecond),
      producedSeconds: round(producedSeconds),
      ratio: round(servicePerSecond / rawPerSecond),
      deliveriesSent: sent,
      duplicateDeliveries: duplicates,
      mailsAtServer: sink.received - baseline,
    };
  } finally {
    await app?.close();
    await sink.stop();
    cluster.stop();
    await pg.stop();
  }
}

function sampleReceipt() {
  const facts = {
    conversationType: ConversationType.JOB_CONVERSATION,
    startsAt: '2026-04-02T08:00:00Z',
    endsAt: '2026-04-02T08:30:00Z',
    location: 'Jobcenter København, Kalvebod Brygge 45',
    format: MeetingFormat.IN_PERSON,
  };
  const m = renderTemplate(
    'booking-receipt',
    Language.DA,
    templateFields(facts, Language.DA, 'https://job.jobnet.dk/selvbook'),
  );
  const ics = buildIcs({
    method: 'REQUEST',
    uid: meetingUid(randomUUID()),
    sequence: 0,
    startsAt: new Date(facts.startsAt),
    endsAt: new Date(facts.endsAt),
    stamp: new Date(),
    summary: 'Jobsamtale',
    description: m.text,
    location: facts.location,
    organizerEmail: 'no-reply@selvbook.dk',
    organizerName: 'Jobcenter (Selvbook)',
    attendeeEmail: 'raw@example.dk',
  });
  return {
    from: '"Jobcenter (Selvbook)" <no-reply@selvbook.dk>',
    subject: m.subject,
    text: m.text,
    html: m.html,
    icalEvent: { method: 'REQUEST', filename: 'samtale.ics', content: ics },
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

if (require.main === module) {
  benchNotification()
    .then((r) => {
      console.log(JSON.stringify(r, null, 2));
      console.log(
        `events → SMTP ${r.servicePerSecond} msg/s, raw nodemailer ${r.rawPerSecond} msg/s: ratio ${r.ratio} (target ≥ 0.6); duplicates ${r.duplicateDeliveries}`,
      );
      process.exit(0);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
