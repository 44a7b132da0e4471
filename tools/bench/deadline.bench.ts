/**
 * Deadline benchmark: 1,000,000 open deadlines, 100,000 of them due at one local midnight.
 * - runner: the ExpiryRunner (SKIP LOCKED batches, consequence by group, events built and validated against
 *   their contracts, written through appendToOutbox) settles them all (expireSeconds); then the outbox relay
 *   publishes every event to a KafkaMockCluster (publishSeconds).
 * - raw: the same claim + UPDATE … RETURNING + the same number of outbox rows per deadline, done in one SQL
 *   statement per batch (no contract validation, no JS), on another 100,000 deadlines due at another midnight
 *   of the same 1,000,000-row table, at the same concurrency. ratio = runner rate / raw rate.
 *   node tools/run.js tools/bench/deadline.bench.ts
 */
import { akasseTopic, dlqTopic, INTERNAL_TOPICS, jobcenterTopic } from '@selvbook/contracts';
import { DEFAULT_DEADLINE_POLICY, expiryInstantOf, ExpiryRunner } from '@selvbook/deadline';
import { createIdempotentProducer, createKafka, OutboxRelay } from '@selvbook/messaging';
import { EmbeddedPostgresServer, KafkaMockCluster } from '@selvbook/testing';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { openDeadlineDataSource } from '../../libs/deadline/test/fixtures';

const logger = pino({ level: 'silent' });
const AKASSER = Array.from({ length: 22 }, (_, i) => `akasse-${i + 1}`);
const JOBCENTERS = Array.from({ length: 10 }, (_, i) => String(10100 + i));

export async function benchDeadline(
  opts: { total?: number; due?: number; concurrency?: number; batchSize?: number; publish?: boolean } = {},
): Promise<Record<string, number>> {
  const total = opts.total ?? 1_000_000;
  const due = opts.due ?? 100_000;
  const concurrency = opts.concurrency ?? 4;
  const batchSize = opts.batchSize ?? 1000;
  const publish = opts.publish ?? true;
  const pg = await EmbeddedPostgresServer.start();
  const cluster = KafkaMockCluster.start();
  try {
    for (const t of [...INTERNAL_TOPICS, ...AKASSER.map(akasseTopic), ...JOBCENTERS.map(jobcenterTopic)]) {
      cluster.createTopic(t, 6);
      cluster.createTopic(dlqTopic(t), 1);
    }
    await pg.createDatabase('deadline_bench');
    const url = pg.url('deadline_bench');
    const ds = await openDeadlineDataSource(url, 16);
    const rawDay = '2027-03-01';
    const runDay = '2027-03-02';
    const seedStarted = Date.now();
    await seed(ds, total, due, rawDay, runDay);
    const seedSeconds = (Date.now() - seedStarted) / 1000;

    // Raw ceiling: claim + UPDATE … RETURNING + outbox INSERT in one statement per batch.
    const rawStarted = Date.now();
    let rawDone = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (;;) {
          const [{ n }] = await ds.query(RAW_SQL, [expiryInstantOf(rawDay), batchSize]);
          if (Number(n) === 0) return;
          rawDone += Number(n);
        }
      }),
    );
    const rawSeconds = (Date.now() - rawStarted) / 1000;
    const [{ rawRows }] = await ds.query(`SELECT count(*)::int AS "rawRows" FROM outbox`);
    await ds.query(`TRUNCATE outbox`);
    await ds.query(`VACUUM ANALYZE deadline`);
    await ds.query(`VACUUM ANALYZE deadline_citizen`);

    // The runner alone (the ratio compares like with like), then the relay publishing what it wrote.
    const runner = new ExpiryRunner({
      dataSource: ds,
      policy: DEFAULT_DEADLINE_POLICY,
      now: () => new Date(expiryInstantOf(runDay).getTime() + 1000),
      batchSize,
      concurrency,
    });
    const started = Date.now();
    const result = await runner.runOnce();
    const expireSeconds = (Date.now() - started) / 1000;
    let publishSeconds = NaN;
    if (publish) {
      const kafka = createKafka({ clientId: 'deadline-bench', brokers: cluster.bootstrapServers.split(','), logger });
      const producer = createIdempotentProducer(kafka);
      const relay = new OutboxRelay({
        dataSource: ds,
        databaseUrl: url,
        producer,
        logger,
        serviceName: 'deadline-bench',
        batchSize: 2000,
        pollIntervalMs: 50,
      });
      const publishStarted = Date.now();
      relay.start();
      for (;;) {
        const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM outbox`);
        if (n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      publishSeconds = (Date.now() - publishStarted) / 1000;
      await relay.stop();
      await producer.disconnect();
    }
    const [{ outboxRows }] = await ds.query(`SELECT count(*)::int AS "outboxRows" FROM outbox`);
    await ds.destroy();
    const runnerPerSecond = result.expired / expireSeconds;
    const rawPerSecond = rawDone / rawSeconds;
    return {
      openDeadlines: total,
      dueAtMidnight: due,
      seedSeconds: round(seedSeconds),
      expired: result.expired,
      events: result.events,
      outboxRows,
      expireSeconds: round(expireSeconds),
      publishSeconds: round(publishSeconds),
      expireAndPublishSeconds: round(expireSeconds + publishSeconds),
      runnerDeadlinesPerSecond: Math.round(runnerPerSecond),
      rawExpired: rawDone,
      rawOutboxRows: rawRows,
      rawSeconds: round(rawSeconds),
      rawDeadlinesPerSecond: Math.round(rawPerSecond),
      ratio: round(runnerPerSecond / rawPerSecond),
    };
  } finally {
    cluster.stop();
    await pg.stop();
  }
}

/**
 * 1,000,000 citizens with one open deadline each: `due` due at the end of rawDay, `due` at the end of runDay,
 * the rest spread over the following 90 days. Half dagpenge (22 a-kasser), a quarter job-ready KH, a quarter
 * activity-ready KH; 10 jobcenters.
 */
async function seed(ds: DataSource, total: number, due: number, rawDay: string, runDay: string): Promise<void> {
  await ds.query(`ALTER TABLE deadline SET (autovacuum_enabled = false)`);
  await ds.query(
    `INSERT INTO deadline_citizen (citizen_id, jobcenter_code, akasse_id, contact_group)
     SELECT gen_random_uuid(), (10100 + i % 10)::text,
            CASE WHEN i % 4 < 2 THEN 'akasse-' || (1 + i % 22) END,
            CASE WHEN i % 4 < 2 THEN 'UNEMPLOYMENT_BENEFIT' WHEN i % 4 = 2 THEN 'SOCIAL_ASSISTANCE_JOB_READY' ELSE 'SOCIAL_ASSISTANCE_ACTIVITY_READY' END
       FROM generate_series(0, $1 - 1) AS i`,
    [total],
  );
  await ds.query(
    `INSERT INTO deadline (id, citizen_id, conversation_number, conversation_type, guiding_date, window_from, window_to, deadline_date,
       original_deadline_date, latest_meeting_date, expires_at, status, due_at, jobcenter_code, akasse_id, contact_group)
     SELECT gen_random_uuid(), c.citizen_id, 1, 7, d + 7, d, d + 7, d, d, d + 7, x, 'open', x, c.jobcenter_code, c.akasse_id, c.contact_group
       FROM (SELECT citizen_id, jobcenter_code, akasse_id, contact_group, row_number() OVER () AS rn FROM deadline_citizen) c
       CROSS JOIN LATERAL (SELECT CASE WHEN c.rn <= $1 THEN $2::date WHEN c.rn <= 2 * $1 THEN $3::date ELSE $3::date + 1 + (c.rn % 90)::int END AS d) dd(d)
       CROSS JOIN LATERAL (SELECT (dd.d + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen' AS x) xx`,
    [due, rawDay, runDay],
  );
  await ds.query(`ALTER TABLE deadline SET (autovacuum_enabled = true)`);
  await ds.query(`VACUUM ANALYZE deadline`);
  await ds.query(`VACUUM ANALYZE deadline_citizen`);
}

/** What the runner does for one batch, as one statement: the same rows updated and outbox rows per deadline. */
const RAW_SQL = `
WITH claimed AS (
  SELECT id FROM deadline WHERE due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED
), settled AS (
  UPDATE deadline d SET status = 'expired', due_at = NULL,
         consequence = CASE d.contact_group WHEN 'UNEMPLOYMENT_BENEFIT' THEN 'DEREGISTRATION' WHEN 'SOCIAL_ASSISTANCE_JOB_READY' THEN 'DEDUCTION' ELSE 'AVAILABILITY_ASSESSMENT' END,
         settled_at = now(), updated_at = now()
    FROM claimed WHERE d.id = claimed.id
  RETURNING d.id, d.citizen_id, d.jobcenter_code, d.akasse_id, d.contact_group, d.deadline_date, d.consequence
), citizens AS (
  UPDATE deadline_citizen c SET immediate_booking_from = s.deadline_date + 1, immediate_booking_lapses_on = (s.deadline_date + 1 + interval '3 months')::date,
         immediate_booking_lapses_at = (s.deadline_date + 1 + interval '3 months')::timestamp AT TIME ZONE 'Europe/Copenhagen',
         deregistered_from = CASE WHEN s.akasse_id IS NOT NULL THEN s.deadline_date + 1 END, updated_at = now()
    FROM settled s WHERE c.citizen_id = s.citizen_id
), events AS (
  SELECT s.*, e.type, e.topic, e.also_to, gen_random_uuid() AS event_id
    FROM settled s
    CROSS JOIN LATERAL (VALUES
      ('deadline.expired', 'selvbook.deadline.v1', ARRAY['selvbook.jobcenter.' || s.jobcenter_code || '.v1']),
      ('citizen.immediate-booking-required', 'selvbook.deadline.v1', ARRAY['selvbook.jobcenter.' || s.jobcenter_code || '.v1']),
      ('akasse.deadline-missed', 'selvbook.akasse.' || s.akasse_id || '.v1', '{}'::text[]),
      ('akasse.citizen-deregistered', 'selvbook.akasse.' || s.akasse_id || '.v1', '{}'::text[])
    ) AS e(type, topic, also_to)
   WHERE e.topic IS NOT NULL
), written AS (
  -- one outbox row per event, its recipient topics in also_to, as appendToOutbox writes them
  INSERT INTO outbox (event_id, event_type, topic, also_to, key, payload, headers)
  SELECT event_id, type, topic, also_to, citizen_id::text,
         json_build_object('id', event_id, 'type', type, 'version', 1, 'occurredAt', now(), 'source', 'deadline-service',
           'subject', citizen_id, 'correlationId', event_id, 'causationId', null,
           'data', json_build_object('citizenId', citizen_id, 'jobcenterCode', jobcenter_code, 'akasseId', akasse_id, 'deadlineId', id,
             'contactGroup', contact_group, 'conversationType', 7, 'deadlineDate', deadline_date, 'consequence', consequence,
             'deregisteredFrom', deadline_date + 1, 'extendedByOutage', false)),
         jsonb_build_object('correlation-id', event_id, 'event-type', type, 'event-version', '1', 'content-type', 'application/json')
    FROM events
  RETURNING 1
)
SELECT count(*) AS n FROM settled`;

const round = (x: number) => Math.round(x * 100) / 100;

if (require.main === module) {
  benchDeadline()
    .then((r) => {
      console.log(JSON.stringify(r, null, 2));
      console.log(
        `ratio runner/raw = ${r.ratio} (target ≥ 0.5); ${r.expired} expired in ${r.expireSeconds} s, published in ${r.expireAndPublishSeconds} s (target < 60 s)`,
      );
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
