import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox payload as `json` (the text as written) instead of `jsonb`: it is written once, read once and
 * sent to Kafka as it is, never queried inside. `jsonb` parsed it into its binary form on the way in and
 * printed it back on the way out, work the outbox never needs (figures: docs/benchmarks.md, fourth session).
 */
export class OutboxPayloadJson1764500000002 implements MigrationInterface {
  name = 'OutboxPayloadJson1764500000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbox ALTER COLUMN payload TYPE json USING payload::json');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbox ALTER COLUMN payload TYPE jsonb USING payload::jsonb');
  }
}
