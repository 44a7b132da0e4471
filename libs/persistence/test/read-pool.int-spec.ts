import { createTestDatabase } from '@selvbook/testing';
import { DataSource } from 'typeorm';
import { openDataSource, ReadPool } from '../src';

const answersWithin = async (read: Promise<unknown>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([read.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
};

describe('ReadPool: reads a person waits on do not queue behind writes', () => {
  let url: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    url = await createTestDatabase('read_pool');
    dataSource = await openDataSource({ url, applicationName: 'read-pool-test', poolSize: 1 });
  });
  afterAll(() => dataSource.destroy());

  /** Holds the main pool's only connection in an open transaction until released. */
  async function occupyMainPool(): Promise<() => Promise<void>> {
    const writer = dataSource.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    await writer.query('SELECT 1');
    return async () => {
      await writer.rollbackTransaction();
      await writer.release();
    };
  }

  it('answers from its own connections while every main connection is taken', async () => {
    const reads = ReadPool.open(dataSource, { url, applicationName: 'read-pool-test', size: 2 });
    const release = await occupyMainPool();
    try {
      expect(await answersWithin(reads.query<{ one: number }>('SELECT 1 AS one'), 3000)).toBe(true);
      const { rows } = await reads.query<{ name: string }>({
        name: 'app-name',
        text: 'SELECT current_setting($1) AS name',
        values: ['application_name'],
      });
      expect(rows[0].name).toBe('read-pool-test-reads');
      expect(reads.connections).toEqual(expect.objectContaining({ waiting: 0 }));
    } finally {
      await release();
      await reads.close();
    }
  });

  it('with size 0 shares the main pool, and then waits for it', async () => {
    const reads = ReadPool.open(dataSource, { url, applicationName: 'read-pool-test', size: 0 });
    expect(reads.connections).toBeUndefined();
    const release = await occupyMainPool();
    const read = reads.query('SELECT 1');
    try {
      expect(await answersWithin(read, 300)).toBe(false);
    } finally {
      await release();
    }
    expect(await answersWithin(read, 3000)).toBe(true);
    await reads.close(); // closes nothing of the main pool's
    expect((await dataSource.query('SELECT 1 AS one'))[0].one).toBe(1);
  });

  it('sees what a write committed a moment before', async () => {
    const reads = ReadPool.open(dataSource, { url, applicationName: 'read-pool-test', size: 1 });
    try {
      await dataSource.query('CREATE TABLE IF NOT EXISTS note (id int PRIMARY KEY)');
      await dataSource.query('INSERT INTO note (id) VALUES (7)');
      const { rows } = await reads.query<{ id: number }>('SELECT id FROM note');
      expect(rows).toEqual([{ id: 7 }]);
    } finally {
      await reads.close();
    }
  });
});
