import { Pool, QueryConfig } from 'pg';

/** A named (prepared) query, with its own type parsers where it wants them (ISO_INSTANT_TYPES). */
export type ReadQuery = Pick<QueryConfig, 'name' | 'text' | 'values' | 'types'>;
import type { DataSource } from 'typeorm';

/**
 * Connections kept apart for the reads that answer a person waiting (a citizen's slot search, a caseworker's
 * week view). Under a burst of bookings every connection of the main pool is busy with writes, and a read
 * queued behind them waits for all of them; on its own pool it waits only for its own query. Same database
 * and same session settings, so a read sees every committed write. Opened lazily: a service that never
 * reads through it holds no connection for it.
 */
export class ReadPool {
  private constructor(
    private readonly pool: Pool,
    /** false: the main pool's, shared (DATABASE_READ_POOL_SIZE=0) */
    private readonly own: boolean,
  ) {}

  static open(dataSource: DataSource, options: { url: string; applicationName: string; size: number }): ReadPool {
    if (options.size === 0) return new ReadPool(mainPoolOf(dataSource), false);
    const pool = new Pool({
      connectionString: options.url,
      application_name: `${options.applicationName}-reads`.slice(0, 63),
      max: options.size,
      connectionTimeoutMillis: 5000,
    });
    // an idle connection the server closed: pg drops it from the pool, the next read opens another
    pool.on('error', () => undefined);
    return new ReadPool(pool, true);
  }

  /** With a `name`: a prepared statement, parsed and planned once per connection. */
  query<R = unknown>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  query<R = unknown>(config: ReadQuery): Promise<{ rows: R[] }>;
  query<R>(textOrConfig: string | ReadQuery, values?: unknown[]): Promise<{ rows: R[] }> {
    const result =
      typeof textOrConfig === 'string' ? this.pool.query(textOrConfig, values) : this.pool.query(textOrConfig);
    return result as Promise<{ rows: R[] }>;
  }

  /** For the pool gauge: connections in use, idle, and callers waiting for one. */
  get connections(): { inUse: number; idle: number; waiting: number } | undefined {
    if (!this.own) return undefined;
    return {
      inUse: this.pool.totalCount - this.pool.idleCount,
      idle: this.pool.idleCount,
      waiting: this.pool.waitingCount,
    };
  }

  async close(): Promise<void> {
    if (this.own) await this.pool.end();
  }
}

/** The `pg` pool behind a TypeORM DataSource on PostgreSQL. */
export function mainPoolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('no PostgreSQL pool: the DataSource is not initialised or not on PostgreSQL');
  return pool;
}
