import { ContactGroup, MissedDeadlineConsequence } from '@selvbook/contracts';
import { createTestDatabase, eventually } from '@selvbook/testing';
import { DataSource } from 'typeorm';
import { expiryInstantOf } from '../src/domain/lifecycle';
import { DEFAULT_DEADLINE_POLICY, policyWith } from '../src/domain/policy';
import { ExpiryRunner } from '../src/runner/expiry-runner';
import { ApplyScheduleUseCase } from '../src/use-cases/apply-schedule.usecase';
import { openDeadlineDataSource, scheduleData, seedOpenDeadlines } from './fixtures';

/** The durable timer against real PostgreSQL: exactly once, across replicas, restarts and DST nights. */
describe('expiry runner (PostgreSQL)', () => {
  let url: string;
  let ds: DataSource;
  let now: Date;

  beforeEach(async () => {
    url = await createTestDatabase('deadline_runner');
    ds = await openDeadlineDataSource(url);
    now = new Date('2000-01-01T00:00:00Z');
  });
  afterEach(async () => {
    await ds.destroy();
  });

  const runner = (source = ds, over: Partial<ConstructorParameters<typeof ExpiryRunner>[0]> = {}) =>
    new ExpiryRunner({ dataSource: source, policy: DEFAULT_DEADLINE_POLICY, now: () => now, batchSize: 200, ...over });
  const count = async (sql: string, params: unknown[] = []) => Number((await ds.query(sql, params))[0].n);
  const expiredEvents = () =>
    count(`SELECT count(*) AS n FROM outbox WHERE event_type = 'deadline.expired' AND topic = 'selvbook.deadline.v1'`);

  it('two replicas racing over 10,000 due deadlines expire each exactly once (rows and events counted)', async () => {
    await seedOpenDeadlines(ds, {
      count: 10_000,
      deadlineDate: '2026-03-27',
      akasseOf: (i) => (i % 2 === 0 ? 'aka-one' : null),
    });
    const other = await openDeadlineDataSource(url);
    try {
      now = new Date('2026-03-28T01:00:00Z');
      const [a, b] = await Promise.all([
        runner(ds, { concurrency: 2 }).runOnce(),
        runner(other, { concurrency: 2 }).runOnce(),
      ]);
      expect(a.expired + b.expired).toBe(10_000);
      expect(a.expired).toBeGreaterThan(0);
      expect(b.expired).toBeGreaterThan(0);
      expect(await count(`SELECT count(*) AS n FROM deadline WHERE status = 'expired' AND due_at IS NULL`)).toBe(
        10_000,
      );
      expect(await expiredEvents()).toBe(10_000);
      expect(
        await count(
          `SELECT count(DISTINCT payload->'data'->>'deadlineId') AS n FROM outbox WHERE event_type = 'deadline.expired'
               AND topic = 'selvbook.deadline.v1'`,
        ),
      ).toBe(10_000);
      // dagpenge members of aka-one: one akasse.deadline-missed each, on aka-one's topic only
      expect(
        await count(
          `SELECT count(*) AS n FROM outbox WHERE event_type = 'akasse.deadline-missed'
               AND topic = 'selvbook.akasse.aka-one.v1'`,
        ),
      ).toBe(5_000);
      expect(
        await count(
          `SELECT count(*) AS n FROM outbox WHERE event_type LIKE 'akasse.%' AND topic <> 'selvbook.akasse.aka-one.v1'`,
        ),
      ).toBe(0);
      // and a later run finds nothing left
      const again = await runner().runOnce();
      expect(again.expired + again.closed).toBe(0);
    } finally {
      await other.destroy();
    }
  });

  it.each([
    // §8.3 [I]: the last Sundays of March and October 2025 and 2026, and the Saturdays before them
    ['2025-03-29'],
    ['2025-03-30'],
    ['2025-10-25'],
    ['2025-10-26'],
    ['2026-03-29'],
    ['2026-10-25'],
  ])(
    'DST night: a deadline on %s expires exactly at local midnight, once, over a night of 15-minute runs',
    async (deadlineDate) => {
      await seedOpenDeadlines(ds, { count: 3, deadlineDate, akasseOf: () => 'aka-one' });
      const midnight = expiryInstantOf(deadlineDate).getTime();
      const r = runner();
      // every 15 minutes from 20:00 the evening before to 04:00 after, local time crossing the DST switch
      let expiredAt: number | undefined;
      for (let t = midnight - 4 * 3600_000; t <= midnight + 28 * 3600_000; t += 15 * 60_000) {
        now = new Date(t);
        const result = await r.runOnce();
        if (result.expired > 0) {
          expect(expiredAt).toBeUndefined();
          expect(result.expired).toBe(3);
          expiredAt = t;
        }
      }
      expect(expiredAt).toBe(midnight);
      expect(await expiredEvents()).toBe(3);
      // deregistered from the day after (RULES §5 [F:S7 §17a])
      const [event] = await ds.query(`SELECT payload FROM outbox WHERE event_type = 'deadline.expired' LIMIT 1`);
      expect(event.payload.data).toMatchObject({ deadlineDate, consequence: MissedDeadlineConsequence.DEREGISTRATION });
      expect(
        new Date(`${event.payload.data.deregisteredFrom}T12:00:00Z`).getTime() -
          new Date(`${deadlineDate}T12:00:00Z`).getTime(),
      ).toBe(86_400_000);
    },
  );

  it('a restart misses nothing and a late run catches up, oldest first, once', async () => {
    await seedOpenDeadlines(ds, {
      count: 50,
      deadlineDate: '2026-06-01',
      contactGroup: ContactGroup.SOCIAL_ASSISTANCE_JOB_READY,
    });
    await seedOpenDeadlines(ds, {
      count: 50,
      deadlineDate: '2026-06-02',
      contactGroup: ContactGroup.SOCIAL_ASSISTANCE_JOB_READY,
    });
    await seedOpenDeadlines(ds, {
      count: 50,
      deadlineDate: '2026-06-03',
      contactGroup: ContactGroup.SOCIAL_ASSISTANCE_JOB_READY,
    });
    now = new Date('2026-06-02T00:00:00Z');
    const first = runner();
    first.start(20);
    // the loop settles the first night's deadlines on its own, then the process "crashes"
    await eventually(async () => expect(await expiredEvents()).toBe(50));
    await first.stop();
    expect(await expiredEvents()).toBe(50);
    // two days later a new process starts: everything due since is caught up, nothing twice
    now = new Date('2026-06-05T09:00:00Z');
    const restarted = await runner(ds, { concurrency: 3, batchSize: 7 }).runOnce();
    expect(restarted.expired).toBe(100);
    expect(await expiredEvents()).toBe(150);
    expect(await count(`SELECT count(*) AS n FROM deadline WHERE status = 'open'`)).toBe(0);
  });

  it('a deadline on a Saturday or a holiday (RULES §8.2): the next working day, expiring local midnight', async () => {
    const apply = new ApplyScheduleUseCase(DEFAULT_DEADLINE_POLICY);
    const given = new Date('2026-03-13T10:00:00Z'); // Friday; + 8 days = Saturday 2026-03-21
    // 27 − 7 = 20 March < minimum → Saturday 21 → Monday 23
    const saturday = scheduleData({ windowTo: '2026-03-27' });
    // 21 May − 7 = 14 May 2026, Ascension Day → Friday 15 May
    const holiday = scheduleData({ windowTo: '2026-05-21' });
    await ds.transaction((tx) => apply.execute(saturday, tx, given));
    await ds.transaction((tx) => apply.execute(holiday, tx, given));
    const rows: Array<{ citizen: string; d: string; exp: Date }> = await ds.query(
      `SELECT citizen_id AS citizen, deadline_date::text AS d, expires_at AS exp FROM deadline`,
    );
    const byCitizen = new Map(rows.map((r) => [r.citizen, r]));
    expect(byCitizen.get(saturday.citizenId)).toMatchObject({ d: '2026-03-23', exp: new Date('2026-03-23T23:00:00Z') });
    expect(byCitizen.get(holiday.citizenId)).toMatchObject({ d: '2026-05-15', exp: new Date('2026-05-15T22:00:00Z') });
    // at Saturday's and the holiday's own midnight nothing expires
    now = new Date('2026-03-21T23:00:00Z');
    expect((await runner().runOnce()).expired).toBe(0);
    now = new Date('2026-05-14T22:00:00Z');
    expect((await runner().runOnce()).expired).toBe(1); // only the March one, long due
    now = new Date('2026-05-15T22:00:00Z');
    expect((await runner().runOnce()).expired).toBe(1);
  });

  it('DEADLINE_ON_NON_WORKING_DAY=keep: a Saturday deadline expires that midnight; deregistered Sunday', async () => {
    const apply = new ApplyScheduleUseCase(policyWith({ deadlineOnNonWorkingDay: 'keep' }));
    const data = scheduleData({ windowTo: '2026-03-27' });
    await ds.transaction((tx) => apply.execute(data, tx, new Date('2026-03-13T10:00:00Z')));
    now = new Date('2026-03-21T22:59:59Z');
    expect((await runner().runOnce()).expired).toBe(0);
    now = new Date('2026-03-21T23:00:00Z');
    expect((await runner().runOnce()).expired).toBe(1);
    const [event] = await ds.query(`SELECT payload FROM outbox WHERE event_type = 'akasse.deadline-missed'`);
    expect(event.payload.data).toMatchObject({
      deadlineDate: '2026-03-21',
      deregisteredFrom: '2026-03-22',
      akasseId: 'aka-one',
    });
  });

  it('immediate booking: required from the next day, LAPSED three months later (RULES §5, §8.22)', async () => {
    await seedOpenDeadlines(ds, {
      count: 1,
      deadlineDate: '2026-02-27',
      contactGroup: ContactGroup.SOCIAL_ASSISTANCE_JOB_READY,
    });
    now = new Date('2026-02-28T00:00:00Z');
    expect((await runner().runOnce()).expired).toBe(1);
    const [required] = await ds.query(
      `SELECT payload FROM outbox WHERE event_type = 'citizen.immediate-booking-required'`,
    );
    expect(required.payload.data).toMatchObject({ requiredFrom: '2026-02-28', lapsesOn: '2026-05-28' });
    now = new Date('2026-05-27T21:59:59Z'); // 23:59:59 local (summer time) the day before
    expect((await runner().runOnce()).lapsed).toBe(0);
    now = new Date('2026-05-27T22:00:00Z');
    expect((await runner().runOnce()).lapsed).toBe(1);
    expect((await runner().runOnce()).lapsed).toBe(0);
    const [cleared] = await ds.query(
      `SELECT payload FROM outbox WHERE event_type = 'citizen.immediate-booking-cleared'`,
    );
    expect(cleared.payload.data.reason).toBe('LAPSED');
  });
});
