import { SqlMigration } from '@selvbook/messaging';

/**
 * When a notification's cause happened: the causing event's occurredAt, or a reminder's due time. `due_at`
 * cannot say it (a message waiting for contact details is put off by moving it); the delivery-delay metric
 * measures from here to the delivery's send. Rows written before this column have none and are not measured.
 * And the W3C traceparent of the work that scheduled it: the channel call that delivers it, later and in
 * another loop, joins that trace.
 */
export class NotificationOccurredAt1765100000000 extends SqlMigration {
  name = 'NotificationOccurredAt1765100000000';

  protected upStatements = [`ALTER TABLE notification ADD COLUMN occurred_at timestamptz, ADD COLUMN traceparent text`];

  protected downStatements = [`ALTER TABLE notification DROP COLUMN occurred_at, DROP COLUMN traceparent`];
}
