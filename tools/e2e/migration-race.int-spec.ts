/**
 * Replicas of a service started together on an empty database: each runs the migrations at boot through
 * openDataSource (what PersistenceModule does), and they race. Every replica must come up, and each
 * migration must be recorded, and run, exactly once.
 */
import { BOOKING_MIGRATIONS } from '@selvbook/booking';
import { dlqTopic, INTERNAL_TOPICS } from '@selvbook/contracts';
import { serviceMigrations } from '@selvbook/messaging';
import { openDataSource } from '@selvbook/persistence';
import { SCHEDULE_MIGRATIONS } from '@selvbook/schedule';
import { createTestDatabase, KafkaMockCluster, ServiceProcess } from '@selvbook/testing';
import { Client } from 'pg';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { e2eServiceEnv } from './e2e-services';

const REPLICAS = 4;
const TRIALS = 12;

/** Last in the list; records each run of it, so a migration run twice shows even if its effect would not. */
class CountRuns1799999999999 implements MigrationInterface {
  name = 'CountRuns1799999999999';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE IF NOT EXISTS migration_runs (ran_at timestamptz NOT NULL DEFAULT clock_timestamp())');
    await q.query('INSERT INTO migration_runs DEFAULT VALUES');
  }
  async down(): Promise<void> {}
}

describe('migrations: 4 replicas of the schedule service start at the same instant on an empty database', () => {
  const migrations = [...serviceMigrations(SCHEDULE_MIGRATIONS), CountRuns1799999999999];
  const names = migrations.map((m) => new m().name!);

  it(`every replica comes up and each migration runs once (${TRIALS} trials, a fresh database each)`, async () => {
    for (let trial = 1; trial <= TRIALS; trial++) {
      const url = await createTestDatabase(`migration_race_${trial}`);
      const replicas = await Promise.allSettled(
        Array.from({ length: REPLICAS }, (_, i) =>
          openDataSource({ url, applicationName: `schedule-service-${i}`, poolSize: 4, migrations }),
        ),
      );
      const opened = replicas.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      try {
        const failures = replicas.flatMap((r, i) =>
          r.status === 'rejected' ? [`trial ${trial}, replica ${i}: ${(r.reason as Error).message}`] : [],
        );
        expect(failures).toEqual([]);
        const recorded = await opened[0].query(
          'SELECT name, count(*)::int AS n FROM migrations GROUP BY name ORDER BY name',
        );
        expect(recorded).toEqual([...names].sort().map((name) => ({ name, n: 1 })));
        expect(await opened[0].query('SELECT count(*)::int AS n FROM migration_runs')).toEqual([{ n: 1 }]);
      } finally {
        await Promise.all(opened.map((ds) => ds.destroy()));
      }
    }
  });
});

describe('migrations: 4 booking-service processes started together on an empty database', () => {
  let cluster: KafkaMockCluster;
  beforeAll(() => {
    cluster = KafkaMockCluster.start();
    for (const topic of INTERNAL_TOPICS) {
      cluster.createTopic(topic, 3);
      cluster.createTopic(dlqTopic(topic), 1);
    }
  });
  afterAll(() => cluster.stop());

  it('every replica becomes ready, each migration is recorded once, each stops cleanly (3 trials)', async () => {
    const names = serviceMigrations(BOOKING_MIGRATIONS)
      .map((m) => new m().name!)
      .sort();
    for (let trial = 1; trial <= 3; trial++) {
      const url = await createTestDatabase(`migration_race_booking_${trial}`);
      const replicas = await Promise.all(
        Array.from(
          { length: 4 },
          async (_, i) =>
            new ServiceProcess({
              app: 'booking-service',
              env: { ...(await e2eServiceEnv(url, cluster.bootstrapServers)), INSTANCE_ID: `r${i}` },
            }),
        ),
      );
      replicas.forEach((replica) => replica.start());
      const ready = await Promise.allSettled(replicas.map((replica) => replica.waitReady(90000)));
      const db = new Client({ connectionString: url });
      await db.connect();
      const recorded = (await db.query('SELECT name, count(*)::int AS n FROM migrations GROUP BY name ORDER BY name'))
        .rows;
      await db.end();
      const codes = await Promise.all(replicas.map((replica) => replica.stop()));
      expect(
        ready.flatMap((r, i) =>
          r.status === 'rejected' ? [`trial ${trial}, replica ${i}: ${(r.reason as Error).message}`] : [],
        ),
      ).toEqual([]);
      expect(recorded).toEqual(names.map((name) => ({ name, n: 1 })));
      expect(codes).toEqual([0, 0, 0, 0]); // a replica stopped while its consumer joins the group exits cleanly too
    }
  });
});
