import { MESSAGING_MIGRATIONS } from '@selvbook/messaging';
import { createDataSource } from '@selvbook/persistence';
import { Clock } from '@selvbook/platform';
import { createTestDatabase } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { calculateCourse, CourseState, RecalculateAllUseCase, saveRecalculated, SCHEDULE_MIGRATIONS } from '../src';

/** A dagpenge citizen registered `daysAgo` days before the clock's today. */
function course(daysAgo: number): CourseState {
  const from = new Date(Date.parse('2026-11-02T00:00:00Z') - daysAgo * 86_400_000).toISOString().slice(0, 10);
  return {
    citizenId: randomUUID(),
    jobcenterCode: '10101',
    akasseId: 'akasse-a',
    birthDate: '1985-05-05',
    contactGroupHistory: [{ group: 'UNEMPLOYMENT_BENEFIT', from }],
    anchors: { firstUnemploymentBenefitDay: from },
    paidHours: [],
    heldConversations: [],
    exemptions: {},
  };
}

/** The nightly run against real PostgreSQL: lanes, parallel workers, resumption, one run per day and reason. */
describe('RecalculateAllUseCase (PostgreSQL)', () => {
  let ds: DataSource;
  const clock = new Clock();
  const citizens = 700;

  beforeAll(async () => {
    ds = createDataSource({
      url: await createTestDatabase('schedule_recalculation'),
      applicationName: 'recalculation-test',
      poolSize: 8,
      migrations: [...MESSAGING_MIGRATIONS, ...SCHEDULE_MIGRATIONS],
    });
    await ds.initialize();
    await ds.runMigrations();
    const states = Array.from({ length: citizens }, (_, i) => course(i % 200));
    await ds.query(
      `INSERT INTO citizen_course (citizen_id, jobcenter_code, akasse_id, state)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`,
      [
        states.map((s) => s.citizenId),
        states.map((s) => s.jobcenterCode),
        states.map((s) => s.akasseId),
        states.map((s) => JSON.stringify(s)),
      ],
    );
  });
  afterAll(() => ds.destroy());

  const published = async () =>
    (await ds.query(
      `SELECT key, count(*)::int AS n FROM outbox WHERE topic = 'selvbook.schedule.v1' GROUP BY key`,
    )) as { key: string; n: number }[];

  it('recalculates each citizen once across lanes with parallel workers; publishes each change once', async () => {
    const summary = await new RecalculateAllUseCase(ds, clock).execute('first', { workers: 3, batchSize: 37 });
    expect(summary).toMatchObject({ reason: 'first', processed: citizens, finished: true });
    expect(summary.published + summary.failed).toBe(citizens);
    expect(summary.published).toBeGreaterThan(0);
    const perCitizen = await published();
    expect(perCitizen).toHaveLength(summary.published);
    expect(perCitizen.every((c) => c.n === 1)).toBe(true);
    const [{ unset }] = await ds.query('SELECT count(*)::int AS unset FROM citizen_course WHERE calculated_at IS NULL');
    expect(unset).toBe(0);
    const lanes = await ds.query(
      `SELECT count(*)::int AS n, bool_and(finished) AS done
         FROM recalculation_lane l JOIN recalculation_run r ON r.id = l.run_id WHERE r.reason = $1`,
      ['first'],
    );
    expect(lanes[0]).toEqual({ n: 16, done: true });
  });

  it('publishes nothing when nothing changed, and a finished run is not repeated', async () => {
    const before = (await published()).length;
    const again = await new RecalculateAllUseCase(ds, clock).execute('second', { batchSize: 100 });
    expect(again).toMatchObject({ processed: citizens, published: 0, finished: true });
    const repeat = await new RecalculateAllUseCase(ds, clock).execute('second');
    expect(repeat).toMatchObject({ processed: citizens, published: 0, finished: true });
    expect((await published()).length).toBe(before);
  });

  it('resumes an interrupted run where each lane stopped, without processing anyone twice', async () => {
    await ds.query('UPDATE citizen_course SET schedule_hash = NULL'); // every schedule differs again
    await ds.query('DELETE FROM outbox');
    // An earlier attempt got through part of one lane before it died: cursor and counters committed together.
    const first = await new RecalculateAllUseCase(ds, clock).execute('resumed', { workers: 0 });
    expect(first.finished).toBe(false);
    const [lane] = await ds.query(
      `SELECT l.lane, l.lower_bound::text AS lower FROM recalculation_lane l JOIN recalculation_run r
           ON r.id = l.run_id WHERE r.reason = 'resumed' AND l.lane = 5`,
    );
    const [done] = await ds.query(
      `WITH picked AS (SELECT citizen_id FROM citizen_course WHERE citizen_id >= $1 ORDER BY citizen_id LIMIT 3)
       SELECT max(citizen_id::text) AS cursor, count(*)::int AS n FROM picked`,
      [lane.lower],
    );
    await ds.query(
      `UPDATE recalculation_lane SET cursor = $1, processed = $2 FROM recalculation_run r
       WHERE r.id = run_id AND r.reason = 'resumed' AND lane = 5`,
      [done.cursor, done.n],
    );
    const summary = await new RecalculateAllUseCase(ds, clock).execute('resumed', { workers: 2, batchSize: 50 });
    expect(summary).toMatchObject({ processed: citizens, finished: true });
    // the three citizens before the cursor were not recalculated again by the resumed run
    expect(summary.published).toBe(citizens - done.n - summary.failed);
  });

  it('stores a batch of calculated, invalid, inactive courses: schedule or NULL, error, whole new state', async () => {
    const valid = course(10);
    const invalid = { ...course(10), anchors: { firstUnemploymentBenefitDay: '2026-13-45' } };
    const away = { ...course(10), deregisteredFrom: '2026-11-20' };
    expect([valid, invalid, away].map((c) => calculateCourse(c, '2026-11-27').kind)).toEqual([
      'calculated',
      'invalid',
      'inactive',
    ]);
    const outcomes = await ds.transaction((tx) =>
      saveRecalculated(
        tx,
        [valid, invalid, away].map((state) => ({ state, scheduleHash: null, stateChanged: true })),
        '2026-11-27',
        new Date(),
      ),
    );
    expect(outcomes).toEqual([
      { published: true, failed: false },
      { published: false, failed: true },
      { published: false, failed: false },
    ]);
    const rows = (await ds.query(
      `SELECT citizen_id, state, schedule IS NOT NULL AS scheduled,
           schedule->'conversations' IS NOT NULL AS conversations, schedule_hash, calculation_error
       FROM citizen_course WHERE citizen_id = ANY($1::uuid[])`,
      [[valid, invalid, away].map((c) => c.citizenId)],
    )) as {
      citizen_id: string;
      state: CourseState;
      scheduled: boolean;
      conversations: boolean;
      schedule_hash: string | null;
      calculation_error: string | null;
    }[];
    const byId = new Map(rows.map((r) => [r.citizen_id, r]));
    expect(byId.get(valid.citizenId)).toMatchObject({
      state: valid,
      scheduled: true,
      conversations: true,
      schedule_hash: expect.stringMatching(/^[0-9a-f]{32}$/),
      calculation_error: null,
    });
    expect(byId.get(invalid.citizenId)).toMatchObject({
      state: invalid,
      scheduled: false,
      schedule_hash: null,
      calculation_error: expect.any(String),
    });
    expect(byId.get(away.citizenId)).toMatchObject({
      state: away,
      scheduled: false,
      schedule_hash: null,
      calculation_error: null,
    });
    // alone in its batch, a NULL schedule too (one empty text is an empty array to PostgreSQL)
    await ds.transaction((tx) =>
      saveRecalculated(tx, [{ state: invalid, scheduleHash: null, stateChanged: true }], '2026-11-27', new Date()),
    );
    const [{ scheduled }] = await ds.query(
      'SELECT schedule IS NOT NULL AS scheduled FROM citizen_course WHERE citizen_id = $1',
      [invalid.citizenId],
    );
    expect(scheduled).toBe(false);
  });

  it('writes and publishes nothing for a citizen whose row a citizen event changed after the run read it', async () => {
    await ds.query('UPDATE citizen_course SET schedule_hash = NULL'); // every schedule differs again
    await ds.query('DELETE FROM outbox');
    const read = (await ds.query(
      'SELECT citizen_id, state, xmin::text AS version FROM citizen_course ORDER BY citizen_id LIMIT 2',
    )) as {
      citizen_id: string;
      state: CourseState;
      version: string;
    }[];
    // The event path commits a new state (and its own schedule) for the first citizen in between.
    await ds.query(
      `UPDATE citizen_course SET schedule_hash = 'from-the-event', updated_at = now() WHERE citizen_id = $1`,
      [read[0].citizen_id],
    );
    const outcomes = await ds.transaction((tx) =>
      saveRecalculated(
        tx,
        read.map((r) => ({ state: r.state, scheduleHash: null, stateChanged: false, readVersion: r.version })),
        '2026-11-27',
        new Date(),
      ),
    );
    expect(outcomes.map((o) => o.published)).toEqual([false, true]);
    const hashes = (await ds.query(
      'SELECT schedule_hash FROM citizen_course WHERE citizen_id = ANY($1) ORDER BY citizen_id',
      [read.map((r) => r.citizen_id)],
    )) as {
      schedule_hash: string;
    }[];
    expect(hashes[0].schedule_hash).toBe('from-the-event');
    expect(hashes[1].schedule_hash).toMatch(/^[0-9a-f]{32}$/);
    expect((await published()).map((p) => p.key)).toEqual([read[1].citizen_id]);
  });
});
