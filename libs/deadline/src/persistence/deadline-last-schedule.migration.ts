import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `deadline_citizen.last_conversations`: the conversations of the last schedule.calculated applied, so an
 * exemption that arrives after its own recalculation (another topic) can still be planned against them.
 */
export class DeadlineLastSchedule1764300000001 implements MigrationInterface {
  name = 'DeadlineLastSchedule1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_citizen ADD COLUMN last_conversations jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_citizen DROP COLUMN last_conversations`);
  }
}
