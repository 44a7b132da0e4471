import { SqlMigration } from './sql-migration';
import { OutboxHeld1765100000000 } from './outbox-held.migration';
import { InboxDigest1765000000001 } from './inbox-digest.migration';
import { OutboxFanOut1764200000002 } from './outbox-fan-out.migration';
import { OutboxPayloadJson1764500000002 } from './outbox-payload-json.migration';
import { OutboxSentDeleted1764500000001 } from './outbox-sent-deleted.migration';
import { OutboxShards1764400000001 } from './outbox-shards.migration';

/**
 * Outbox and inbox, in every service's own database. (The outbox's `sent_at` and its indexes were dropped
 * again by OutboxSentDeleted1764500000001: sent rows are deleted.)
 */
export class MessagingTables1764200000000 extends SqlMigration {
  name = 'MessagingTables1764200000000';

  protected upStatements = [
    `
      CREATE TABLE outbox (
        id          bigserial PRIMARY KEY,
        event_id    uuid        NOT NULL,
        event_type  text        NOT NULL,
        topic       text        NOT NULL,
        key         text        NOT NULL,
        payload     jsonb       NOT NULL,
        headers     jsonb       NOT NULL DEFAULT '{}'::jsonb,
        created_at  timestamptz NOT NULL DEFAULT now(),
        sent_at     timestamptz,
        UNIQUE (event_id, topic)
      )`,
    `CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL`,
    `CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL`,
    `
      CREATE TABLE inbox (
        consumer     text        NOT NULL,
        event_id     uuid        NOT NULL,
        event_type   text        NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`,
  ];

  protected downStatements = ['DROP TABLE inbox', 'DROP TABLE outbox'];
}

/** Every messaging migration, in order; a service lists these before its own. */
export const MESSAGING_MIGRATIONS = [
  MessagingTables1764200000000,
  OutboxFanOut1764200000002,
  OutboxShards1764400000001,
  OutboxSentDeleted1764500000001,
  OutboxPayloadJson1764500000002,
  InboxDigest1765000000001,
  OutboxHeld1765100000000,
];
