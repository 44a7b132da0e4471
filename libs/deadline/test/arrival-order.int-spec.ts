import {
  AbsenceCode,
  CitizenExemptionGrantedData,
  ConversationStatus,
  ExemptionKind,
  ScheduleCalculatedData,
} from '@selvbook/contracts';
import { createTestDatabase } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_DEADLINE_POLICY } from '../src/domain/policy';
import { ApplyScheduleUseCase } from '../src/use-cases/apply-schedule.usecase';
import { RecordExemptionUseCase } from '../src/use-cases/citizen-events.usecase';
import { openDeadlineDataSource, scheduleData } from './fixtures';

/**
 * Issue 23 item 6: the schedule the schedule service recalculates for an exemption
 * (needsBookingDeadline cleared) and the citizen.exemption-granted itself travel
 * on two topics; whichever reaches the deadline service first, the outcome is one.
 */
describe('[F:S17, F:S23] exemption and its recalculated schedule: one outcome in either order (PostgreSQL)', () => {
  let ds: DataSource;
  const apply = new ApplyScheduleUseCase(DEFAULT_DEADLINE_POLICY);
  const recordExemption = new RecordExemptionUseCase(DEFAULT_DEADLINE_POLICY);
  const given = new Date('2026-03-02T10:00:00Z');
  const later = new Date('2026-03-05T10:00:00Z');

  beforeAll(async () => {
    ds = await openDeadlineDataSource(await createTestDatabase('deadline_arrival_order'));
  });
  afterAll(() => ds.destroy());

  /** A citizen with an open deadline; then the exemption and the schedule recalculated for it, in the order asked. */
  async function run(order: 'exemption-first' | 'schedule-first') {
    const first = scheduleData({ windowTo: '2026-03-27' });
    const citizenId = first.citizenId;
    await ds.transaction((tx) => apply.execute(first, tx, given));
    const exemption: CitizenExemptionGrantedData = {
      citizenId,
      jobcenterCode: '10101',
      akasseId: 'aka-one',
      exemptionId: randomUUID(),
      kind: ExemptionKind.EXEMPTION,
      absenceCode: AbsenceCode.EXEMPT_FROM_SELF_BOOKING,
      validFrom: '2026-03-05',
    };
    const recalculated: ScheduleCalculatedData = scheduleData({
      citizenId,
      windowTo: '2026-03-27',
      conversations: first.conversations.map((c) => ({
        ...c,
        status: ConversationStatus.DUE,
        needsBookingDeadline: false,
      })),
      exemptions: [
        {
          exemptionId: exemption.exemptionId,
          kind: exemption.kind,
          absenceCode: exemption.absenceCode,
          validFrom: exemption.validFrom,
        },
      ],
    });
    const exemptionArrives = () => ds.transaction((tx) => recordExemption.execute(exemption, tx, later));
    const scheduleArrives = () => ds.transaction((tx) => apply.execute(recalculated, tx, later));
    if (order === 'exemption-first') {
      await exemptionArrives();
      await scheduleArrives();
    } else {
      await scheduleArrives();
      await exemptionArrives();
    }
    const [deadline] = await ds.query(
      `SELECT id, status, closed_reason AS reason, absence_code AS "absenceCode", latest_meeting_date::text AS latest
           FROM deadline WHERE citizen_id = $1`,
      [citizenId],
    );
    const events: Array<{ type: string; data: Record<string, unknown> }> = (
      await ds.query(`SELECT payload FROM outbox WHERE key = $1 AND topic = 'selvbook.deadline.v1' ORDER BY id`, [
        citizenId,
      ])
    ).map((r: { payload: { type: string; data: Record<string, unknown> } }) => ({
      type: r.payload.type,
      data: r.payload.data,
    }));
    const summonses = await ds.query(
      `SELECT conversation_number AS n, latest_meeting_date::text AS latest, reason FROM deadline_summons
           WHERE citizen_id = $1`,
      [citizenId],
    );
    // ids differ between runs: compare what they say
    const said = events.map(({ type, data }) => ({
      type,
      ...data,
      citizenId: undefined,
      deadlineId: data.deadlineId === deadline.id ? 'the deadline' : data.deadlineId,
    }));
    return { deadline: { ...deadline, id: undefined }, events: said, summonses };
  }

  it('closed with absence 56 (not SCHEDULE_CHANGED), one summons with the deadline replaced, any order', async () => {
    const exemptionFirst = await run('exemption-first');
    const scheduleFirst = await run('schedule-first');
    expect(exemptionFirst.deadline).toEqual({
      id: undefined,
      status: 'closed',
      reason: 'ABSENCE_REGISTERED',
      absenceCode: AbsenceCode.EXEMPT_FROM_SELF_BOOKING,
      latest: '2026-03-27',
    });
    expect(exemptionFirst.events.map((e) => e.type)).toEqual([
      'deadline.opened',
      'deadline.closed',
      'summons.requested',
    ]);
    expect(exemptionFirst.events[2]).toMatchObject({
      reason: 'EXEMPT_FROM_SELF_BOOKING',
      deadlineId: 'the deadline',
      latestMeetingDate: '2026-03-27',
    });
    expect(exemptionFirst.summonses).toHaveLength(1);
    expect(scheduleFirst).toEqual(exemptionFirst);
  });
});
