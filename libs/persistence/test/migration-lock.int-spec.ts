import { createTestDatabase } from '@selvbook/testing';
import { Client } from 'pg';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { MIGRATION_LOCK_KEY, openDataSource } from '../src';

class CreateItem1700000000000 implements MigrationInterface {
  name = 'CreateItem1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE item (id int PRIMARY KEY)');
  }
  async down(): Promise<void> {}
}

class Broken1700000000001 implements MigrationInterface {
  name = 'Broken1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('SELECT * FROM no_such_table');
  }
  async down(): Promise<void> {}
}

async function session(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

const tryLock = async (client: Client) =>
  (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY])).rows[0]
    .locked;

describe('openDataSource: migrations under an advisory lock', () => {
  it('waits while another session holds the migration lock, then migrates', async () => {
    const url = await createTestDatabase('migration_lock_wait');
    const other = await session(url);
    try {
      expect(await tryLock(other)).toBe(true);
      let opened = false;
      const opening = openDataSource({
        url,
        applicationName: 'lock-test',
        poolSize: 2,
        migrations: [CreateItem1700000000000],
      }).then((ds) => {
        opened = true;
        return ds;
      });
      // Held back by the lock: it has asked for it and nothing has been migrated.
      const waiting = async () =>
        (
          await other.query(
            `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1`,
            [MIGRATION_LOCK_KEY],
          )
        ).rows[0].n;
      for (let i = 0; i < 100 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await waiting()).toBe(1);
      expect(opened).toBe(false);
      expect((await other.query(`SELECT to_regclass('item') AS t`)).rows[0].t).toBeNull();

      await other.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      const ds = await opening;
      expect(await ds.query('SELECT name FROM migrations')).toEqual([{ name: 'CreateItem1700000000000' }]);
      expect(await tryLock(other)).toBe(true); // released after migrating
      await ds.destroy();
    } finally {
      await other.end();
    }
  });

  it('releases the lock when a migration fails, and rolls that migration back', async () => {
    const url = await createTestDatabase('migration_lock_fail');
    await expect(
      openDataSource({
        url,
        applicationName: 'lock-test',
        poolSize: 2,
        migrations: [CreateItem1700000000000, Broken1700000000001],
      }),
    ).rejects.toThrow(/no_such_table/);
    const other = await session(url);
    try {
      expect(await tryLock(other)).toBe(true);
      expect((await other.query('SELECT name FROM migrations')).rows).toEqual([{ name: 'CreateItem1700000000000' }]);
    } finally {
      await other.end();
    }
  });
});
