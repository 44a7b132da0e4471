import { CitizenRegisteredData, ContactGroup, Language, MissedDeadlineConsequence } from '@selvbook/contracts';
import { createTestDatabase } from '@selvbook/testing';
import { DataSource } from 'typeorm';
import { DEFAULT_DEADLINE_POLICY } from '../src/domain/policy';
import { ExpiryRunner } from '../src/runner/expiry-runner';
import { ApplyScheduleUseCase } from '../src/use-cases/apply-schedule.usecase';
import { RecordRegistrationUseCase } from '../src/use-cases/citizen-events.usecase';
import { openDeadlineDataSource, scheduleData } from './fixtures';

/**
 * Issue 23 item 7. A dagpenge citizen deregistered for a missed deadline registers again: the conversation still due
 * gets a new self-booking deadline (RULES §5 immediate booking: asked to book a new meeting; the a-kasse sets a new
 * deadline at re-registration [F:S8 §11 stk. 4, S33]; at least 8 days [F:S5]); the immediate-booking flag stays.
 */
describe('[F:S8 §11 stk. 4, F:S5] re-registering after a missed deadline opens what is due (PostgreSQL)', () => {
  let ds: DataSource;
  const apply = new ApplyScheduleUseCase(DEFAULT_DEADLINE_POLICY);
  const recordRegistration = new RecordRegistrationUseCase(DEFAULT_DEADLINE_POLICY);

  beforeAll(async () => {
    ds = await openDeadlineDataSource(await createTestDatabase('deadline_reregistration'));
  });
  afterAll(() => ds.destroy());

  const deadlines = async (citizenId: string) =>
    ds.query(
      `SELECT status, deadline_date::text AS "deadlineDate", consequence FROM deadline WHERE citizen_id = $1
           ORDER BY created_at, deadline_date`,
      [citizenId],
    );
  const registration = (citizenId: string, at: string): CitizenRegisteredData => ({
    citizenId,
    jobcenterCode: '10101',
    akasseId: 'aka-one',
    contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
    birthDate: '1980-02-02',
    registeredAt: at,
    anchorDate: '2025-11-01',
    contact: { digitalPostEnabled: true, language: Language.DA },
  });
  /** what the deadline service's handler does with citizen.registered */
  const register = (data: CitizenRegisteredData, now: Date) =>
    ds.transaction((tx) => recordRegistration.execute(data, tx, now));

  /** Opened 2 March 2026 for a window ending 15 April, missed (deadline 8 April), deregistered from 9 April. */
  async function missed() {
    const s = scheduleData({ windowTo: '2026-04-15' });
    s.conversations[0].windowFrom = '2026-03-01';
    await ds.transaction((tx) => apply.execute(s, tx, new Date('2026-03-02T09:00:00Z')));
    const result = await new ExpiryRunner({
      dataSource: ds,
      policy: DEFAULT_DEADLINE_POLICY,
      now: () => new Date('2026-04-09T01:00:00Z'),
    }).runOnce();
    expect(result.expired).toBeGreaterThanOrEqual(1);
    expect(await deadlines(s.citizenId)).toEqual([
      { status: 'expired', deadlineDate: '2026-04-08', consequence: MissedDeadlineConsequence.DEREGISTRATION },
    ]);
    return s;
  }

  it('registered again 10 April: a deadline 8+ days on (20 April), flag still set; repeats open nothing', async () => {
    const s = await missed();
    await register(registration(s.citizenId, '2026-04-10T08:00:00Z'), new Date('2026-04-10T08:00:00Z'));
    expect(await deadlines(s.citizenId)).toEqual([
      { status: 'expired', deadlineDate: '2026-04-08', consequence: MissedDeadlineConsequence.DEREGISTRATION },
      { status: 'open', deadlineDate: '2026-04-20', consequence: null }, // 18 April is a Saturday
    ]);
    const [flag] = await ds.query(
      `SELECT immediate_booking_from::text AS f FROM deadline_citizen WHERE citizen_id = $1`,
      [s.citizenId],
    );
    expect(flag.f).toBe('2026-04-09');
    const opened = await ds.query(
      `SELECT payload->'data' AS d FROM outbox WHERE key = $1 AND event_type = 'deadline.opened' ORDER BY id`,
      [s.citizenId],
    );
    expect(opened.map((r: { d: { latestMeetingDate: string } }) => r.d.latestMeetingDate)).toEqual([
      '2026-04-15',
      '2026-04-20',
    ]);
    // the same registration delivered again, and the recalculated schedule (same need) after it: nothing new
    await register(registration(s.citizenId, '2026-04-10T08:00:00Z'), new Date('2026-04-10T09:00:00Z'));
    await ds.transaction((tx) =>
      apply.execute({ ...s, scheduleHash: 'ab'.repeat(16) }, tx, new Date('2026-04-10T10:00:00Z')),
    );
    expect(await deadlines(s.citizenId)).toHaveLength(2);
  });

  it('the recalculated schedule first (deregistered: opens nothing), then the registration: opens once', async () => {
    const s = await missed();
    await ds.transaction((tx) =>
      apply.execute({ ...s, scheduleHash: 'cd'.repeat(16) }, tx, new Date('2026-04-10T07:00:00Z')),
    );
    expect(await deadlines(s.citizenId)).toHaveLength(1);
    await register(registration(s.citizenId, '2026-04-10T08:00:00Z'), new Date('2026-04-10T08:00:00Z'));
    expect((await deadlines(s.citizenId)).map((d: { status: string }) => d.status)).toEqual(['expired', 'open']);
  });
});
