import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { PostgresConnection } from './embedded-postgres';

/** The PostgreSQL that the integration run's global setup started. */
export function testPostgres(): PostgresConnection {
  const raw = process.env.SELVBOOK_TEST_PG;
  if (!raw)
    throw new Error(
      'SELVBOOK_TEST_PG is not set: run integration specs through `npm test` (jest globalSetup starts PostgreSQL)',
    );
  return JSON.parse(raw) as PostgresConnection;
}

/** A fresh, uniquely named database for one test file; returns its URL. */
export async function createTestDatabase(prefix: string): Promise<string> {
  const connection = testPostgres();
  const name = `${prefix.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const client = new Client({ ...connection, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return `postgres://${connection.user}:${connection.password}@${connection.host}:${connection.port}/${name}`;
}
