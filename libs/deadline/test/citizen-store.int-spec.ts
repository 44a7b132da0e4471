import { endOfLocalDay } from '@selvbook/calendar';
import { AbsenceCode, ContactGroup, ConversationType, DeadlineClosedReason, ExemptionKind } from '@selvbook/contracts';
import { createTestDatabase } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  citizenWithDeadlines,
  exemptionsOf,
  findCitizen,
  setImmediateBooking,
  upsertCitizen,
  upsertExemption,
} from '../src/persistence/citizen-store';
import { closeDeadline, DEADLINE_COLUMNS, fulfilDeadline, insertDeadline } from '../src/persistence/store';
import { openDeadlineDataSource } from './fixtures';

/**
 * The citizen's deadlines page reads the citizen, their deadlines and their exemptions in one statement: it must
 * answer exactly what the three reads it replaces answered.
 */
describe('citizenWithDeadlines: one statement, the answer of three (PostgreSQL)', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openDeadlineDataSource(await createTestDatabase('deadline_citizen_store'));
  });
  afterAll(() => ds.destroy());

  /** the three reads the deadlines page made before */
  async function threeReads(citizenId: string) {
    const citizen = await findCitizen(ds, citizenId);
    const deadlines = await ds.query(
      `SELECT ${DEADLINE_COLUMNS} FROM deadline WHERE citizen_id = $1 AND status IN ('open', 'fulfilled')
           ORDER BY deadline_date, conversation_number`,
      [citizenId],
    );
    const exemptions = (await exemptionsOf(ds, [citizenId])).get(citizenId) ?? [];
    return { citizen, deadlines, exemptions };
  }

  const byId = <T extends { exemptionId: string }>(list: T[]) =>
    [...list].sort((a, b) => a.exemptionId.localeCompare(b.exemptionId));

  async function deadline(
    citizenId: string,
    number: number,
    deadlineDate: string,
    extendedByOutage = false,
  ): Promise<string> {
    const id = randomUUID();
    await insertDeadline(ds.manager, {
      id,
      citizenId,
      conversationNumber: number,
      conversationType: ConversationType.JOB_CONVERSATION,
      guidingDate: '2026-03-01',
      windowFrom: '2026-02-01',
      windowTo: '2026-04-30',
      deadlineDate,
      originalDeadlineDate: deadlineDate,
      latestMeetingDate: deadlineDate,
      expiresAt: endOfLocalDay(deadlineDate),
      jobcenterCode: '10101',
      akasseId: 'aka-one',
      contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
      extendedByOutage,
      openedAt: new Date('2026-02-01T10:15:30.123Z'),
    });
    return id;
  }

  it('gives the citizen, open and fulfilled deadlines by date and exemptions, as the three reads did', async () => {
    const citizenId = randomUUID();
    await upsertCitizen(
      ds.manager,
      { citizenId, jobcenterCode: '10101', akasseId: 'aka-one', contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT },
      true,
    );
    await setImmediateBooking(ds.manager, citizenId, {
      requiredFrom: '2026-03-02',
      lapsesOn: '2026-06-02',
      lapsesAt: new Date('2026-06-01T22:00:00Z'),
    });
    // inserted out of order; one of two on the same day has the lower conversation number
    await deadline(citizenId, 3, '2026-04-20', true);
    const fulfilled = await deadline(citizenId, 2, '2026-03-10');
    await deadline(citizenId, 1, '2026-03-10');
    const closed = await deadline(citizenId, 4, '2026-03-01');
    await fulfilDeadline(ds.manager, fulfilled, randomUUID(), '2026-03-05', endOfLocalDay('2026-03-05'));
    await closeDeadline(
      ds.manager,
      closed,
      DeadlineClosedReason.SCHEDULE_CHANGED,
      undefined,
      new Date('2026-02-20T12:00:00Z'),
    );
    await upsertExemption(ds.manager, citizenId, {
      exemptionId: randomUUID(),
      kind: ExemptionKind.EXEMPTION,
      absenceCode: AbsenceCode.EXEMPT_FROM_SELF_BOOKING,
      validFrom: '2026-03-01',
      validTo: '2026-03-20',
    });
    await upsertExemption(ds.manager, citizenId, {
      exemptionId: randomUUID(),
      kind: ExemptionKind.SICKNESS,
      validFrom: '2026-05-01',
    });

    const before = await threeReads(citizenId);
    const found = await citizenWithDeadlines(ds, citizenId);
    expect(before.deadlines.map((d: { conversationNumber: number }) => d.conversationNumber)).toEqual([1, 2, 3]);
    expect(found).toBeDefined();
    expect(found!.citizen).toEqual(before.citizen);
    expect(found!.deadlines).toEqual(before.deadlines);
    expect(found!.deadlines[0].expiresAt).toBeInstanceOf(Date);
    expect(byId(found!.exemptions)).toEqual(byId(before.exemptions));
    expect(found!.exemptions).toHaveLength(2);
  });

  it('gives empty lists for a citizen with neither, and nothing for a citizen not known', async () => {
    const citizenId = randomUUID();
    await upsertCitizen(ds.manager, { citizenId, jobcenterCode: '10101' }, true);
    expect(await citizenWithDeadlines(ds, citizenId)).toEqual({
      citizen: await findCitizen(ds, citizenId),
      deadlines: [],
      exemptions: [],
    });
    expect(await citizenWithDeadlines(ds, randomUUID())).toBeUndefined();
  });
});
