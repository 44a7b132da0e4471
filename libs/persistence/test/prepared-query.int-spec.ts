import { createTestDatabase } from '@selvbook/testing';
import { DataSource } from 'typeorm';
import { createDataSource, preparedQuery } from '../src';

describe('preparedQuery (PostgreSQL)', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = createDataSource({
      url: await createTestDatabase('persistence_prepared'),
      applicationName: 'prepared-test',
      poolSize: 2,
    });
    await ds.initialize();
    await ds.query('CREATE TABLE item (id int PRIMARY KEY, label text NOT NULL)');
  });
  afterAll(() => ds.destroy());

  it('runs in the transaction as a named statement, prepared once per connection, and rolls back with it', async () => {
    const insert = 'INSERT INTO item (id, label) VALUES ($1, $2) RETURNING id, label';
    await expect(
      ds.transaction(async (tx) => {
        expect(await preparedQuery(tx, insert, [1, 'one'])).toEqual([{ id: 1, label: 'one' }]);
        expect(await preparedQuery(tx, insert, [2, 'two'])).toEqual([{ id: 2, label: 'two' }]);
        const statements = await tx.query(`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'sb\\_%'`);
        expect(statements.map((s: { statement: string }) => s.statement)).toEqual([insert]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await ds.query('SELECT count(*)::int AS n FROM item')).toEqual([{ n: 0 }]);
  });

  it('keeps two statements apart, fails with PostgreSQL’s code, is a plain query outside a transaction', async () => {
    await ds.transaction(async (tx) => {
      await preparedQuery(tx, 'INSERT INTO item (id, label) VALUES ($1, $2)', [3, 'three']);
      expect(await preparedQuery(tx, 'SELECT label FROM item WHERE id = $1', [3])).toEqual([{ label: 'three' }]);
    });
    await expect(
      ds.transaction((tx) => preparedQuery(tx, 'INSERT INTO item (id, label) VALUES ($1, $2)', [3, 'again'])),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await preparedQuery(ds.manager, 'SELECT label FROM item WHERE id = $1', [3])).toEqual([{ label: 'three' }]);
  });
});
