import { SqlMigration } from '@selvbook/messaging';

/**
 * A notification's correlation id is kept as the flow wrote it: a uuid or a W3C trace id (32 hex digits, which
 * a `uuid` column would hand back re-written with hyphens, so the notification's events would leave the flow).
 * The envelope contract bounds the form (`isTraceId`); the column no longer decides whether an event takes effect.
 */
export class NotificationCorrelationText1765000000000 extends SqlMigration {
  name = 'NotificationCorrelationText1765000000000';

  protected upStatements = [`ALTER TABLE notification ALTER COLUMN correlation_id TYPE text`];

  protected downStatements = [
    `UPDATE notification SET correlation_id = NULL WHERE correlation_id
           !~* '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$'`,
    `ALTER TABLE notification ALTER COLUMN correlation_id TYPE uuid USING correlation_id::uuid`,
  ];
}
