import type { QueryConfig } from 'pg';
import { mainPoolOf, rowsOf } from '@selvbook/persistence';
import type { DataSource, EntityManager } from 'typeorm';

/** The caller's transaction (or the DataSource itself): every store function takes one. */
export type Queryable = Pick<EntityManager, 'query'>;

/** A plain `pg` pool or client: the hot paths use the DataSource's own pool without TypeORM in between. */
export interface PgQueryable {
  query<R = unknown>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  /** with a `name`: a prepared statement, parsed and planned once per connection */
  query<R = unknown>(config: {
    name?: string;
    text: string;
    values?: unknown[];
    /** type parsers of this query's columns (e.g. ISO_INSTANT_TYPES) */
    types?: QueryConfig['types'];
  }): Promise<{ rows: R[] }>;
}

/** The `pg` pool behind a TypeORM DataSource on PostgreSQL (same connections, same configuration). */
export function pgPoolOf(dataSource: DataSource): PgQueryable {
  return mainPoolOf(dataSource) as PgQueryable;
}

/** A TypeORM transaction, or the DataSource's `pg` pool for a statement that is its own transaction. */
export type Database = Queryable | PgQueryable;

/** Runs one statement on either: prepared under `name` on the `pg` pool, plain through TypeORM. */
export async function rowsFrom<R>(db: Database, name: string, text: string, values: unknown[]): Promise<R[]> {
  if (isPgQueryable(db)) return (await db.query<R>({ name, text, values })).rows;
  return rowsOf<R>(await db.query(text, values));
}

function isPgQueryable(db: Database): db is PgQueryable {
  // a pg Pool or PoolClient; TypeORM's EntityManager and DataSource have a `manager` or are one
  return !('connection' in db) && !('manager' in db);
}
