import { SqlMigration } from './sql-migration';

/**
 * One outbox row per event, however many topics it goes to: `topic` is the first (its internal topic),
 * `also_to` the recipient topics the relay also sends it to. An event for the jobcenter and the a-kasse
 * was three rows of the same payload before; writing, reading and marking them was half of the
 * database's work in a national recalculation.
 */
export class OutboxFanOut1764200000002 extends SqlMigration {
  name = 'OutboxFanOut1764200000002';

  protected upStatements = [`ALTER TABLE outbox ADD COLUMN also_to text[] NOT NULL DEFAULT '{}'`];

  protected downStatements = ['ALTER TABLE outbox DROP COLUMN also_to'];
}
