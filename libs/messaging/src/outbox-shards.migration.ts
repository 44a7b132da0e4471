import { SqlMigration } from './sql-migration';

/**
 * Each outbox row's shard, from its key: replicas publish the outbox in parallel, each the shards it holds
 * (see OutboxRelay), and a key always falls in the same shard, so its events still leave in order. Generated
 * by PostgreSQL, so no writer lists it. `hashtext` is immutable; `% 16` keeps the sign, hence `abs`. The
 * relay's OUTBOX_SHARDS (outbox/outbox.ts) is this 16; a migration keeps its own literal, so it stays as it ran.
 * Adding a stored column rewrites the table once, under an exclusive lock: the outbox holds only unsent rows
 * and a day of sent ones.
 */
export class OutboxShards1764400000001 extends SqlMigration {
  name = 'OutboxShards1764400000001';

  protected upStatements = [
    `ALTER TABLE outbox ADD COLUMN shard smallint GENERATED ALWAYS AS (abs(hashtext(key) % 16)) STORED`,
  ];

  protected downStatements = ['ALTER TABLE outbox DROP COLUMN shard'];
}
