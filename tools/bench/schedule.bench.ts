/**
 * Schedule service: a full national recalculation (300,000 citizens, state in PostgreSQL, changed
 * schedules written through the outbox and published to Kafka) against a raw bulk write of the same
 * rows and outbox events measured in the same run. The service runs as deployed (k8s/base: two
 * replicas): two processes share the run lane by lane, and each publishes half of the outbox's shards.
 *   node tools/run.js tools/bench/schedule.bench.ts [citizens]   (PG_STATEMENTS=1: also the top statements)
 */
import { localDateOf } from '@selvbook/calendar';
import { Topics } from '@selvbook/contracts';
import { createIdempotentProducer, createKafka, MESSAGING_MIGRATIONS, OutboxRelay } from '@selvbook/messaging';
import { createDataSource } from '@selvbook/persistence';
import { Clock } from '@selvbook/platform';
import { CourseState, RecalculateAllUseCase, RecalculationSummary, SCHEDULE_MIGRATIONS } from '@selvbook/schedule';
import { EmbeddedPostgresServer, KafkaMockCluster } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { postgresCpu, processCpu } from './cpu-time';
import { RoleHandler, RoleProcess, serveRoleIfChild } from './role-process';
import { syntheticPopulation } from './rules.bench';

const logger = pino({ level: 'silent' });

export async function benchSchedule(opts: { citizens?: number } = {}): Promise<Record<string, number | string>> {
  const citizens = opts.citizens ?? 300_000;
  const pg = await EmbeddedPostgresServer.start();
  const cluster = KafkaMockCluster.start();
  for (const topic of [Topics.schedule]) cluster.createTopic(topic, 6);
  try {
    await pg.createDatabase('schedule');
    const dataSource = createDataSource({
      url: pg.url('schedule'),
      applicationName: 'bench',
      poolSize: 8,
      migrations: [...MESSAGING_MIGRATIONS, ...SCHEDULE_MIGRATIONS],
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    if (process.env.PG_STATEMENTS) await dataSource.query('CREATE EXTENSION pg_stat_statements');

    // The synthetic national population of the rules benchmark, as stored course states.
    const states: CourseState[] = syntheticPopulation(citizens, undefined, localDateOf(new Date())).map(
      ({ profile }, i) => ({
        citizenId: randomUUID(),
        jobcenterCode: profile.jobcenterCode,
        akasseId: profile.akasseId ? `akasse-${profile.akasseId}` : undefined,
        birthDate: profile.birthDate,
        insuredPartTime: profile.insuredPartTime,
        contactGroupHistory: [...profile.contactGroupHistory],
        anchors: { ...profile.anchors },
        paidHours: [...(profile.paidHours ?? [])],
        heldConversations: [...(profile.heldConversations ?? [])],
        exemptions: Object.fromEntries((profile.exemptions ?? []).map((e, j) => [`e${i}-${j}`, { ...e }])),
      }),
    );
    for (let i = 0; i < states.length; i += 5000) {
      const chunk = states.slice(i, i + 5000);
      await dataSource.query(
        `INSERT INTO citizen_course (citizen_id, jobcenter_code, akasse_id, state)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`,
        [
          chunk.map((s) => s.citizenId),
          chunk.map((s) => s.jobcenterCode),
          chunk.map((s) => s.akasseId ?? null),
          chunk.map((s) => JSON.stringify(s)),
        ],
      );
    }

    // Raw ceiling: the same rows updated and the same outbox rows inserted (one per citizen, for the schedule
    // topic and the citizen's jobcenter's and a-kasse's topics), in batches of 1000, no engine, no Kafka.
    const sampleSchedule = JSON.stringify({
      conversations: Array.from({ length: 8 }, (_, n) => ({ number: n + 1, guidingDate: '2026-12-01' })),
    });
    const rawStart = Date.now();
    for (let i = 0; i < states.length; i += 1000) {
      const ids = states.slice(i, i + 1000).map((s) => s.citizenId);
      await dataSource.transaction(async (tx) => {
        await tx.query(
          `UPDATE citizen_course SET schedule = $2::jsonb, schedule_hash = 'raw', calculated_at = now() WHERE citizen_id = ANY($1::uuid[])`,
          [ids, sampleSchedule],
        );
        await tx.query(
          `INSERT INTO outbox (event_id, event_type, topic, also_to, key, payload)
           SELECT gen_random_uuid(), 'schedule.calculated', $2,
                  array_remove(ARRAY['selvbook.jobcenter.' || c.jobcenter_code || '.v1', 'selvbook.akasse.' || c.akasse_id || '.v1'], NULL),
                  c.citizen_id::text, $3::json
           FROM citizen_course c WHERE c.citizen_id = ANY($1::uuid[])`,
          [ids, Topics.schedule, sampleSchedule],
        );
      });
    }
    const rawSeconds = (Date.now() - rawStart) / 1000;
    await dataSource.query(`DELETE FROM outbox; UPDATE citizen_course SET schedule = NULL, schedule_hash = NULL`);

    // The service's own run, as deployed: two replicas share the run lane by lane and the outbox's shards.
    const replicas = [0, 1].map(
      () => new RoleProcess(__filename, 'replica', [pg.url('schedule'), cluster.bootstrapServers]),
    );
    await Promise.all(replicas.map((r) => r.ready));
    const recalculate = async (reason: string) => {
      const summaries = await Promise.all(
        replicas.map((r) => r.call<RecalculationSummary>({ cmd: 'recalculate', reason })),
      );
      return summaries.reduce((a, b) => (b.processed > a.processed ? b : a));
    };
    const pgCpu = await postgresCpu(dataSource);
    const pgCpuBefore = pgCpu();
    const brokerCpuBefore = processCpu(); // the mock broker's threads live in this process
    const replicaCpuBefore = await Promise.all(replicas.map((r) => r.call<number>({ cmd: 'cpu' })));
    const runStart = Date.now();
    const summary = await recalculate('bench');
    const recalculatedSeconds = (Date.now() - runStart) / 1000;
    for (;;) {
      // EXISTS stops at the first unsent row; a count(*) every 200 ms was seconds of the database's CPU
      const [{ pending }] = await dataSource.query('SELECT EXISTS (SELECT 1 FROM outbox) AS pending');
      if (!pending) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const totalSeconds = (Date.now() - runStart) / 1000;
    const replicaCpuSeconds = (await Promise.all(replicas.map((r) => r.call<number>({ cmd: 'cpu' })))).map(
      (cpu, i) => cpu - replicaCpuBefore[i],
    );
    const relays = await Promise.all(
      replicas.map((r) => r.call<{ messages: number; shards: number }>({ cmd: 'relay' })),
    );
    const postgresCpuSeconds = pgCpu() - pgCpuBefore;
    const brokerCpuSeconds = processCpu() - brokerCpuBefore;
    const messages = relays.reduce((sum, r) => sum + r.messages, 0);

    if (process.env.PG_STATEMENTS) {
      // where the database's time went (PG_STATEMENTS=1 npm run bench -- schedule)
      const top = await dataSource.query(
        `SELECT round(total_exec_time)::int AS ms, calls, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS q FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 14`,
      );
      console.table(top);
    }
    // A second run the same day: nothing changed, nothing published (the nightly steady state).
    const quietStart = Date.now();
    const quiet = await recalculate('bench-again');
    const quietSeconds = (Date.now() - quietStart) / 1000;
    await Promise.all(replicas.map((r) => r.stop()));
    await dataSource.destroy();
    return {
      citizens,
      published: summary.published,
      kafkaMessages: messages,
      failed: summary.failed,
      recalculatedSeconds,
      publishedToKafkaSeconds: totalSeconds,
      citizensPerSecond: citizens / totalSeconds,
      replicaCpuSeconds: replicaCpuSeconds.map((s) => Math.round(s * 10) / 10).join(' + '),
      relayMessagesPerReplica: relays.map((r) => r.messages).join(' + '),
      relayShardsPerReplica: relays.map((r) => r.shards).join(' + '),
      postgresCpuSeconds: Math.round(postgresCpuSeconds * 10) / 10,
      brokerCpuSeconds: Math.round(brokerCpuSeconds * 10) / 10,
      rawBulkWriteSeconds: rawSeconds,
      ratioToRaw: rawSeconds / totalSeconds,
      unchangedRunSeconds: quietSeconds,
      unchangedRunPublished: quiet.published,
    };
  } finally {
    cluster.stop();
    await pg.stop();
  }
}

/** One schedule-service replica: its relay publishes the shards it holds and it joins recalculation runs. */
async function replicaRole([databaseUrl, brokers]: string[]): Promise<RoleHandler> {
  const dataSource = createDataSource({ url: databaseUrl, applicationName: 'bench-replica', poolSize: 8 });
  await dataSource.initialize();
  const kafka = createKafka({ clientId: 'bench', brokers: brokers.split(','), logger });
  const producer = createIdempotentProducer(kafka);
  let messages = 0; // Kafka messages this replica's relay sent
  const sendBatch = producer.sendBatch.bind(producer);
  producer.sendBatch = (batch) => {
    for (const { messages: sent } of batch.topicMessages ?? []) messages += sent.length;
    return sendBatch(batch);
  };
  const relay = new OutboxRelay({ dataSource, databaseUrl, producer, logger, serviceName: 'bench', batchSize: 1000 });
  relay.start();
  const recalculateAll = new RecalculateAllUseCase(dataSource, new Clock());
  return async (command) => {
    if (command.cmd === 'recalculate')
      return recalculateAll.execute(
        String(command.reason),
        process.env.BENCH_WORKERS ? { workers: Number(process.env.BENCH_WORKERS) } : {},
      );
    if (command.cmd === 'cpu') return processCpu();
    if (command.cmd === 'relay') return { messages, shards: relay.heldShards().length };
    if (command.cmd !== 'stop') throw new Error(`replica: unknown command ${command.cmd}`);
    await relay.stop();
    await producer.disconnect();
    await dataSource.destroy();
  };
}

if (require.main === module && !serveRoleIfChild({ replica: replicaRole })) {
  benchSchedule({ citizens: process.argv[2] ? Number(process.argv[2]) : undefined })
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
