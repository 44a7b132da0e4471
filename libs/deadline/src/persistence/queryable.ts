import type { EntityManager } from 'typeorm';

/**
 * The caller's transaction, or the DataSource for a read that is its own transaction: every store function takes one.
 */
export type Queryable = Pick<EntityManager, 'query'>;
