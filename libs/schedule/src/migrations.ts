import { CourseFillFactor1764300000001 } from './course-fill-factor.migration';
import { RecalculationLanes1764300000000 } from './recalculation/recalculation-lanes.migration';
import { ScheduleTables1764210000000 } from './schedule-tables.migration';

/** The schedule service's own migrations, in order (after libs/messaging's MESSAGING_MIGRATIONS). */
export const SCHEDULE_MIGRATIONS = [
  ScheduleTables1764210000000,
  RecalculationLanes1764300000000,
  CourseFillFactor1764300000001,
];
