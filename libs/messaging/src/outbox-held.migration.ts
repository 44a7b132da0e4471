import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events for a recipient topic that does not exist (yet) or that the service may not write: kept here, per
 * topic in id order, while everything else flows; the relay sends them in that order once the topic is there.
 */
export class OutboxHeld1765100000000 implements MigrationInterface {
  name = 'OutboxHeld1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_held (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        key text NOT NULL,
        payload text NOT NULL,
        headers jsonb NOT NULL,
        held_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX outbox_held_topic ON outbox_held (topic, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_held`);
  }
}
