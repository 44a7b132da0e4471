import { SqlMigration } from '@selvbook/messaging';

/**
 * A reservation belongs to an actor — role, organisation and subject (`actorKey`) — not to a token subject alone,
 * which two organisations may share. Idempotency scopes use the same key from now on (older rows keep the
 * subject alone: a retry spanning the upgrade is not recognised, which only the minutes around it can see).
 */
export class ReservationActor1765000000000 extends SqlMigration {
  name = 'ReservationActor1765000000000';

  protected upStatements = [`ALTER TABLE reservation ADD COLUMN created_by_actor text`];

  protected downStatements = [`ALTER TABLE reservation DROP COLUMN created_by_actor`];
}
