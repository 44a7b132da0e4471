import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reservation belongs to an actor — role, organisation and subject (`actorKey`) — not to a token subject alone,
 * which two organisations may share. Idempotency scopes use the same key from now on (older rows keep the
 * subject alone: a retry spanning the upgrade is not recognised, which only the minutes around it can see).
 */
export class ReservationActor1765000000000 implements MigrationInterface {
  name = 'ReservationActor1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reservation ADD COLUMN created_by_actor text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reservation DROP COLUMN created_by_actor`);
  }
}
