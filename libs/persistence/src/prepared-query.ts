import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** What a TypeORM PostgreSQL query runner holds while connected: its node-pg client. */
interface PgClientHolder {
  databaseConnection?: {
    query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  };
}

const names = new Map<string, string>();

/** One name per statement text (node-pg refuses one name for two texts). */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) names.set(text, (name = `sb_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`));
  return name;
}

/**
 * Runs `text` in the transaction `tx` as a named prepared statement: PostgreSQL parses and plans it once
 * per connection instead of on every call. For statements run once per event or per request on a hot
 * path, where parsing and planning are a large part of a short statement's cost. Outside a transaction it
 * is an ordinary query. It goes to
 * node-pg directly: TypeORM's query logging is skipped and a failure is node-pg's DatabaseError (same
 * `code`), not a QueryFailedError.
 */
export async function preparedQuery<T = Record<string, unknown>>(
  tx: EntityManager,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const client = (tx.queryRunner as PgClientHolder | undefined)?.databaseConnection;
  if (!client || !tx.queryRunner?.isTransactionActive) return tx.query(text, values);
  const result = await client.query({ name: nameOf(text), text, values });
  return result.rows as T[];
}
