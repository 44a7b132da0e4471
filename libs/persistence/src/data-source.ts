import { Client } from 'pg';
import { DataSource, MixedList } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DataSourceOptions {
  url: string;
  /** Shown in pg_stat_activity, so an operator sees which service holds a connection. */
  applicationName: string;
  poolSize?: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function>;
}

/** A service's own database. Migrations are hand-written (partial indexes, exclusion constraints). */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    applicationName: options.applicationName,
    entities: options.entities ?? [],
    migrations: options.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    extra: { max: options.poolSize ?? 16, connectionTimeoutMillis: 5000 },
  });
}

/**
 * The advisory lock key migrations run under ('SBMG'). PostgreSQL's advisory locks belong to a database, so
 * this one key serialises the replicas of one service and never meets another service's database.
 */
export const MIGRATION_LOCK_KEY = 0x53424d47;

/**
 * Connects and brings the schema up to date; safe to run from several replicas at once. TypeORM takes no
 * lock on PostgreSQL (two replicas on a fresh database both run, and record, the same migration), so the
 * migrations run under a session advisory lock held on a connection of their own: the other replicas wait
 * for it, then find nothing left to run. Ending that session releases the lock, after the migrations or
 * when one fails, and PostgreSQL ends it for a replica killed mid-migration.
 */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  try {
    await runMigrationsExclusively(dataSource, options);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}

/** Runs the pending migrations, each in its own transaction, while holding MIGRATION_LOCK_KEY. */
export async function runMigrationsExclusively(
  dataSource: DataSource,
  options: Pick<DataSourceOptions, 'url' | 'applicationName'>,
): Promise<void> {
  const lockSession = new Client({
    connectionString: options.url,
    application_name: `${options.applicationName}-migrations`.slice(0, 63),
  });
  // a lost session frees the lock; the migration's own connection reports its failure
  lockSession.on('error', () => undefined);
  await lockSession.connect();
  try {
    await lockSession.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockSession.end().catch(() => undefined);
  }
}
