import type { EntityManager } from 'typeorm';

/**
 * The caller's transaction, or the DataSource for a read that is its own transaction: every store function takes one.
 */
export type Queryable = Pick<EntityManager, 'query'>;

/** The rows as one array per column, in `keys` order: the parameters of a batch statement over `unnest(...)`. */
export function columnsOf<R>(rows: readonly R[], ...keys: Array<keyof R>): unknown[][] {
  return keys.map((key) => rows.map((row) => row[key]));
}
