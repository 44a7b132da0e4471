import { SqlMigration } from './sql-migration';

/**
 * The inbox keeps a digest of each event's message, so an event id that arrives again with other content (an
 * id reused for another citizen, by a buggy or hostile producer) is told from a redelivery: still applied at
 * most once, but logged and counted instead of dropped without a trace. Rows from before have none.
 */
export class InboxDigest1765000000001 extends SqlMigration {
  name = 'InboxDigest1765000000001';

  protected upStatements = [`ALTER TABLE inbox ADD COLUMN digest bytea`];

  protected downStatements = [`ALTER TABLE inbox DROP COLUMN digest`];
}
