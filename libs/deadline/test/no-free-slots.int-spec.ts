import { MissedDeadlineConsequence } from '@selvbook/contracts';
import { createTestDatabase } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_DEADLINE_POLICY } from '../src/domain/policy';
import { ExpiryRunner } from '../src/runner/expiry-runner';
import { ApplyScheduleUseCase } from '../src/use-cases/apply-schedule.usecase';
import { RecordSlotAvailabilityUseCase } from '../src/use-cases/booking-events.usecase';
import { openDeadlineDataSource, scheduleData } from './fixtures';

/**
 * Issue 23 item 3, RULES §5 "No slots", §8.14 [F:S6]: a deadline that expires while no slot for its conversation was
 * free is the authority's failure, not the citizen's: closed
 * NO_FREE_SLOTS, the jobcenter asked to summon, no consequence.
 */
describe('[F:S6] no free slots before the deadline: summons, not a sanction (PostgreSQL)', () => {
  let ds: DataSource;
  const apply = new ApplyScheduleUseCase(DEFAULT_DEADLINE_POLICY);
  const slotAvailability = new RecordSlotAvailabilityUseCase();
  const given = new Date('2026-03-02T10:00:00Z'); // window to 27 March: deadline 20 March, latest meeting 27 March
  const afterExpiry = new Date('2026-03-21T01:00:00Z');

  beforeAll(async () => {
    ds = await openDeadlineDataSource(await createTestDatabase('deadline_no_free_slots'));
    // slots have been tracked for longer than the booking horizon before these deadlines were given
    await ds.query(`UPDATE deadline_slot_tracking SET since = '2025-01-01T00:00:00Z'`);
  });
  afterAll(() => ds.destroy());

  let jc = 20100;
  async function deadlineAt(jobcenterCode: string, at = given) {
    const s = scheduleData({ windowTo: '2026-03-27', jobcenterCode });
    await ds.transaction((tx) => apply.execute(s, tx, at));
    return s.citizenId;
  }
  const slot = (
    jobcenterCode: string,
    startsAt: string,
    remaining: number,
    at: Date,
    slotId = randomUUID(),
    types = [7, 17],
  ) =>
    ds
      .transaction((tx) =>
        slotAvailability.execute(
          {
            slotId,
            jobcenterCode,
            conversationType: types[0],
            conversationTypes: types,
            startsAt,
            endsAt: new Date(new Date(startsAt).getTime() + 2700_000).toISOString(),
            formats: ['IN_PERSON'] as never,
            location: 'Jobcenter',
            capacity: 1,
            remainingCapacity: remaining,
            status: (remaining > 0 ? 'AVAILABLE' : 'FULLY_BOOKED') as never,
          },
          tx,
          at,
        ),
      )
      .then(() => slotId);
  const expire = () =>
    new ExpiryRunner({ dataSource: ds, policy: DEFAULT_DEADLINE_POLICY, now: () => afterExpiry }).runOnce();
  const outcome = async (citizenId: string) => {
    const [d] = await ds.query(
      `SELECT status, closed_reason AS reason, consequence FROM deadline WHERE citizen_id = $1`,
      [citizenId],
    );
    const types = (
      await ds.query(
        `SELECT event_type AS t, payload->'data' AS d FROM outbox WHERE key = $1 AND topic = 'selvbook.deadline.v1'
             ORDER BY id`,
        [citizenId],
      )
    ).map((r: { t: string; d: { reason?: string } }) => (r.d.reason ? `${r.t} ${r.d.reason}` : r.t));
    const [c] = await ds.query(
      `SELECT deregistered_from::text AS dereg, immediate_booking_from::text AS flag FROM deadline_citizen
           WHERE citizen_id = $1`,
      [citizenId],
    );
    return { ...d, events: types, ...c };
  };

  it('no slot of the jobcenter and type → closed, summons.requested NO_FREE_SLOTS, no deregistration', async () => {
    const code = String(jc++);
    const citizen = await deadlineAt(code);
    await slot(String(jc++), '2026-03-10T08:00:00Z', 1, given); // another jobcenter's free slot does not count
    await slot(code, '2026-03-30T08:00:00Z', 1, given); // after latestMeetingDate
    await slot(code, '2026-03-10T08:00:00Z', 1, given, randomUUID(), [4]); // another conversation type
    await expire();
    expect(await outcome(citizen)).toEqual({
      status: 'closed',
      reason: 'NO_FREE_SLOTS',
      consequence: null,
      dereg: null,
      flag: null,
      events: ['deadline.opened', 'deadline.closed NO_FREE_SLOTS', 'summons.requested NO_FREE_SLOTS'],
    });
    const [summons] = await ds.query(`SELECT payload FROM outbox WHERE key = $1 AND event_type = 'summons.requested'`, [
      citizen,
    ]);
    expect(summons.payload.data).toMatchObject({
      jobcenterCode: code,
      conversationType: 7,
      conversationNumber: 4,
      latestMeetingDate: '2026-03-27',
    });
    // the jobcenter is told: forwarded to its own topic
    const [{ alsoTo }] = await ds.query(
      `SELECT also_to AS "alsoTo" FROM outbox WHERE key = $1 AND event_type = 'summons.requested'`,
      [citizen],
    );
    expect(alsoTo).toContain(`selvbook.jobcenter.${code}.v1`);
  });

  it('the only slot in the window was full before the deadline was given, never freed → NO_FREE_SLOTS', async () => {
    const code = String(jc++);
    const slotId = await slot(code, '2026-03-12T08:00:00Z', 1, new Date('2026-02-20T10:00:00Z'));
    await slot(code, '2026-03-12T08:00:00Z', 0, new Date('2026-02-21T10:00:00Z'), slotId);
    const citizen = await deadlineAt(code);
    await expire();
    expect((await outcome(citizen)).reason).toBe('NO_FREE_SLOTS');
  });

  it('a slot free while the deadline was open (even if booked later) → expires with its consequence', async () => {
    const code = String(jc++);
    const citizen = await deadlineAt(code);
    const slotId = await slot(code, '2026-03-12T08:00:00Z', 1, new Date('2026-03-03T10:00:00Z'));
    await slot(code, '2026-03-12T08:00:00Z', 0, new Date('2026-03-05T10:00:00Z'), slotId);
    await expire();
    expect(await outcome(citizen)).toMatchObject({
      status: 'expired',
      consequence: MissedDeadlineConsequence.DEREGISTRATION,
      dereg: '2026-03-21',
      flag: '2026-03-21',
    });
  });

  it('on deploy: a deadline given before slot tracking (opened_at unknown, in the lead) expires as ever', async () => {
    const code = String(jc++);
    const before = await deadlineAt(code);
    await ds.query(`UPDATE deadline SET opened_at = NULL WHERE citizen_id = $1`, [before]);
    await ds.query(`UPDATE deadline_slot_tracking SET since = '2026-02-01T00:00:00Z'`); // 29 days before `given` < 120
    const within = await deadlineAt(code);
    try {
      await expire();
    } finally {
      await ds.query(`UPDATE deadline_slot_tracking SET since = '2025-01-01T00:00:00Z'`);
    }
    expect((await outcome(before)).status).toBe('expired');
    expect((await outcome(within)).status).toBe('expired');
  });
});
