/**
 * Schedule service: a full national recalculation (300,000 citizens, state in PostgreSQL, changed
 * schedules written through the outbox and published to Kafka) against a raw bulk write of the same
 * rows and outbox events measured in the same run.
 *   node tools/run.js tools/bench/schedule.bench.ts [citizens]
 */
import { Topics } from '@selvbook/contracts';
import { createIdempotentProducer, createKafka, MessagingTables1764200000000, OutboxRelay } from '@selvbook/messaging';
import { createDataSource } from '@selvbook/persistence';
import { Clock } from '@selvbook/platform';
import { CourseState, RecalculateAllUseCase, RecalculationLanes1764300000000, ScheduleTables1764210000000 } from '@selvbook/schedule';
import { EmbeddedPostgresServer, KafkaMockCluster } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { syntheticPopulation } from './rules.bench';

const logger = pino({ level: 'silent' });

export async function benchSchedule(opts: { citizens?: number } = {}): Promise<Record<string, number>> {
  const citizens = opts.citizens ?? 300_000;
  const pg = await EmbeddedPostgresServer.start();
  const cluster = KafkaMockCluster.start();
  for (const topic of [Topics.schedule]) cluster.createTopic(topic, 6);
  try {
    await pg.createDatabase('schedule');
    const dataSource = createDataSource({ url: pg.url('schedule'), applicationName: 'bench', poolSize: 8, migrations: [MessagingTables1764200000000, ScheduleTables1764210000000, RecalculationLanes1764300000000] });
    await dataSource.initialize();
    await dataSource.runMigrations();

    // The synthetic national population of the rules benchmark, as stored course states.
    const states: CourseState[] = syntheticPopulation(citizens).map(({ profile }, i) => ({
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
    }));
    for (let i = 0; i < states.length; i += 5000) {
      const chunk = states.slice(i, i + 5000);
      await dataSource.query(
        `INSERT INTO citizen_course (citizen_id, jobcenter_code, akasse_id, state)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`,
        [chunk.map((s) => s.citizenId), chunk.map((s) => s.jobcenterCode), chunk.map((s) => s.akasseId ?? null), chunk.map((s) => JSON.stringify(s))],
      );
    }

    // Raw ceiling: the same rows updated and the same number of outbox rows inserted, in batches of 1000, no engine.
    const sampleSchedule = JSON.stringify({ conversations: Array.from({ length: 8 }, (_, n) => ({ number: n + 1, guidingDate: '2026-12-01' })) });
    const rawStart = Date.now();
    for (let i = 0; i < states.length; i += 1000) {
      const ids = states.slice(i, i + 1000).map((s) => s.citizenId);
      await dataSource.transaction(async (tx) => {
        await tx.query(`UPDATE citizen_course SET schedule = $2::jsonb, schedule_hash = 'raw', calculated_at = now() WHERE citizen_id = ANY($1::uuid[])`, [ids, sampleSchedule]);
        await tx.query(
          `INSERT INTO outbox (event_id, event_type, topic, key, payload) SELECT gen_random_uuid(), 'schedule.calculated', $2, id::text, $3::jsonb FROM unnest($1::uuid[]) AS id`,
          [ids, Topics.schedule, sampleSchedule],
        );
      });
    }
    const rawSeconds = (Date.now() - rawStart) / 1000;
    await dataSource.query(`DELETE FROM outbox; UPDATE citizen_course SET schedule = NULL, schedule_hash = NULL`);

    // The service's own run: every schedule differs from the stored one (as on a regime's first day).
    const kafka = createKafka({ clientId: 'bench', brokers: cluster.bootstrapServers.split(','), logger });
    const producer = createIdempotentProducer(kafka);
    const relay = new OutboxRelay({ dataSource, databaseUrl: pg.url('schedule'), producer, logger, serviceName: 'bench', batchSize: 1000 });
    const runStart = Date.now();
    relay.start();
    const summary = await new RecalculateAllUseCase(dataSource, new Clock()).execute('bench');
    const recalculatedSeconds = (Date.now() - runStart) / 1000;
    for (;;) {
      const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL');
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const totalSeconds = (Date.now() - runStart) / 1000;
    await relay.stop();
    await producer.disconnect();

    // A second run the same day: nothing changed, nothing published (the nightly steady state).
    const quietStart = Date.now();
    const quiet = await new RecalculateAllUseCase(dataSource, new Clock()).execute('bench-again');
    const quietSeconds = (Date.now() - quietStart) / 1000;
    await dataSource.destroy();
    return {
      citizens,
      published: summary.published,
      failed: summary.failed,
      recalculatedSeconds,
      publishedToKafkaSeconds: totalSeconds,
      citizensPerSecond: citizens / totalSeconds,
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

if (require.main === module) {
  benchSchedule({ citizens: process.argv[2] ? Number(process.argv[2]) : undefined })
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
