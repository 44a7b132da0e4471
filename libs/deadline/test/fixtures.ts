import {
  ContactGroup,
  ConversationHolder,
  ConversationStatus,
  ConversationType,
  Regime,
  ScheduleCalculatedData,
} from '@selvbook/contracts';
import { MESSAGING_MIGRATIONS } from '@selvbook/messaging';
import { createDataSource } from '@selvbook/persistence';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { expiryInstantOf } from '../src/domain/lifecycle';
import { DeadlineFreeSlots1764300000002 } from '../src/persistence/deadline-free-slots.migration';
import { DeadlineLastSchedule1764300000001 } from '../src/persistence/deadline-last-schedule.migration';
import { DeadlineTables1764300000000 } from '../src/persistence/deadline-tables.migration';

export async function openDeadlineDataSource(url: string, poolSize = 8): Promise<DataSource> {
  const ds = createDataSource({
    url,
    applicationName: 'deadline-test',
    poolSize,
    migrations: [
      ...MESSAGING_MIGRATIONS,
      DeadlineTables1764300000000,
      DeadlineLastSchedule1764300000001,
      DeadlineFreeSlots1764300000002,
    ],
  });
  await ds.initialize();
  await ds.runMigrations();
  return ds;
}

export interface SeedOptions {
  count: number;
  deadlineDate: string;
  contactGroup?: ContactGroup;
  /** a-kasse per citizen index; null for none */
  akasseOf?: (i: number) => string | null;
  jobcenterCode?: string;
}

/** Bulk-inserts `count` citizens, each with one open deadline on `deadlineDate` (SQL, for speed). */
export async function seedOpenDeadlines(ds: DataSource, o: SeedOptions): Promise<void> {
  const ids = Array.from({ length: o.count }, () => randomUUID());
  const akasse = ids.map((_, i) => (o.akasseOf ? o.akasseOf(i) : null));
  const group = o.contactGroup ?? ContactGroup.UNEMPLOYMENT_BENEFIT;
  const jc = o.jobcenterCode ?? '10101';
  const expiresAt = expiryInstantOf(o.deadlineDate);
  await ds.query(
    `INSERT INTO deadline_citizen (citizen_id, jobcenter_code, akasse_id, contact_group)
     SELECT id, $2, ak, $3 FROM unnest($1::uuid[], $4::text[]) AS t(id, ak)`,
    [ids, jc, group, akasse],
  );
  await ds.query(
    `INSERT INTO deadline (id, citizen_id, conversation_number, conversation_type, guiding_date, window_from,
         window_to, deadline_date,
       original_deadline_date, latest_meeting_date, expires_at, status, due_at, jobcenter_code, akasse_id,
         contact_group)
     SELECT gen_random_uuid(), id, 1, 7, $2::date + 7, $2::date, $2::date + 7, $2::date, $2::date, $2::date + 7, $3,
       'open', $3, $4, ak, $5
       FROM unnest($1::uuid[], $6::text[]) AS t(id, ak)`,
    [ids, o.deadlineDate, expiresAt, jc, group, akasse],
  );
}

export function scheduleData(
  over: Partial<ScheduleCalculatedData> & { windowTo: string; citizenId?: string },
): ScheduleCalculatedData {
  const { windowTo, ...rest } = over;
  const data: ScheduleCalculatedData = {
    citizenId: randomUUID(),
    jobcenterCode: '10101',
    akasseId: 'aka-one',
    regime: Regime.R2024,
    contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
    conversations: [
      {
        number: 4,
        type: ConversationType.JOB_CONVERSATION,
        heldBy: ConversationHolder.JOBCENTER,
        guidingDate: windowTo,
        windowFrom: windowTo,
        windowTo,
        status: ConversationStatus.DUE,
        needsBookingDeadline: true,
      },
    ],
    calculatedAt: '2026-01-01T00:00:00Z',
    scheduleHash: '0'.repeat(64),
    ...rest,
  } as ScheduleCalculatedData;
  if (!over.scheduleHash)
    data.scheduleHash = createHash('sha256')
      .update(JSON.stringify({ ...data, scheduleHash: '' }))
      .digest('hex');
  return data;
}
