import { SqlMigration } from '@selvbook/messaging';

/** A notification may end `expired`: a reminder that came due too late to remind of anything (see reminderExpired). */
export class NotificationExpired1764600000000 extends SqlMigration {
  name = 'NotificationExpired1764600000000';

  protected upStatements = [
    `ALTER TABLE notification DROP CONSTRAINT notification_status_check`,
    `ALTER TABLE notification ADD CONSTRAINT notification_status_check
           CHECK (status IN ('scheduled', 'planned', 'cancelled', 'no_contact', 'expired'))`,
  ];

  protected downStatements = [
    `UPDATE notification SET status = 'cancelled' WHERE status = 'expired'`,
    `ALTER TABLE notification DROP CONSTRAINT notification_status_check`,
    `ALTER TABLE notification ADD CONSTRAINT notification_status_check
           CHECK (status IN ('scheduled', 'planned', 'cancelled', 'no_contact'))`,
  ];
}
