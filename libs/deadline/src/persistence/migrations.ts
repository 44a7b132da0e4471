import { DeadlineFreeSlots1764300000002 } from './deadline-free-slots.migration';
import { DeadlineLastSchedule1764300000001 } from './deadline-last-schedule.migration';
import { DeadlineTables1764300000000 } from './deadline-tables.migration';

/** The deadline service's own migrations, in order (after libs/messaging's MESSAGING_MIGRATIONS). */
export const DEADLINE_MIGRATIONS = [
  DeadlineTables1764300000000,
  DeadlineLastSchedule1764300000001,
  DeadlineFreeSlots1764300000002,
];
