import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox keeps a digest of each event's message, so an event id that arrives again with other content (an
 * id reused for another citizen, by a buggy or hostile producer) is told from a redelivery: still applied at
 * most once, but logged and counted instead of dropped without a trace. Rows from before have none.
 */
export class InboxDigest1765000000001 implements MigrationInterface {
  name = 'InboxDigest1765000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inbox ADD COLUMN digest bytea`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inbox DROP COLUMN digest`);
  }
}
