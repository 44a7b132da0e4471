import { SqlMigration } from './sql-migration';

/**
 * Events for a recipient topic that does not exist (yet) or that the service may not write: kept here, per
 * topic in id order, while everything else flows; the relay sends them in that order once the topic is there.
 */
export class OutboxHeld1765100000000 extends SqlMigration {
  name = 'OutboxHeld1765100000000';

  protected upStatements = [
    `
      CREATE TABLE outbox_held (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        key text NOT NULL,
        payload text NOT NULL,
        headers jsonb NOT NULL,
        held_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX outbox_held_topic ON outbox_held (topic, id)`,
  ];

  protected downStatements = [`DROP TABLE outbox_held`];
}
