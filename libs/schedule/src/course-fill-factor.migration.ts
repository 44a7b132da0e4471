import { SqlMigration } from '@selvbook/messaging';

/**
 * Room on each page of citizen_course for the next version of its rows: a recalculation rewrites only
 * result columns (no indexed one), so with free space on the page the update is HOT and touches no index.
 * Applies to pages written from now on; an existing table gets it with its next rewrite (VACUUM FULL).
 */
export class CourseFillFactor1764300000001 extends SqlMigration {
  name = 'CourseFillFactor1764300000001';

  protected upStatements = ['ALTER TABLE citizen_course SET (fillfactor = 70)'];

  protected downStatements = ['ALTER TABLE citizen_course RESET (fillfactor)'];
}
