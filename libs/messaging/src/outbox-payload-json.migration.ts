import { SqlMigration } from './sql-migration';

/**
 * The outbox payload as `json` (the text as written) instead of `jsonb`: it is written once, read once and
 * sent to Kafka as it is, never queried inside. `jsonb` parsed it into its binary form on the way in and
 * printed it back on the way out, work the outbox never needs (figures: docs/benchmarks.md, fourth session).
 */
export class OutboxPayloadJson1764500000002 extends SqlMigration {
  name = 'OutboxPayloadJson1764500000002';

  protected upStatements = ['ALTER TABLE outbox ALTER COLUMN payload TYPE json USING payload::json'];

  protected downStatements = ['ALTER TABLE outbox ALTER COLUMN payload TYPE jsonb USING payload::jsonb'];
}
