import { SqlMigration } from '@selvbook/messaging';

/**
 * `deadline_citizen.last_conversations`: the conversations of the last schedule.calculated applied, so an
 * exemption that arrives after its own recalculation (another topic) can still be planned against them.
 */
export class DeadlineLastSchedule1764300000001 extends SqlMigration {
  name = 'DeadlineLastSchedule1764300000001';

  protected upStatements = [`ALTER TABLE deadline_citizen ADD COLUMN last_conversations jsonb`];

  protected downStatements = [`ALTER TABLE deadline_citizen DROP COLUMN last_conversations`];
}
