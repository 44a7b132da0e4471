import { MigrationInterface, QueryRunner } from 'typeorm';

/** A notification may end `expired`: a reminder that came due too late to remind of anything (see reminderExpired). */
export class NotificationExpired1764600000000 implements MigrationInterface {
  name = 'NotificationExpired1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification DROP CONSTRAINT notification_status_check`);
    await q.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_status_check
           CHECK (status IN ('scheduled', 'planned', 'cancelled', 'no_contact', 'expired'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE notification SET status = 'cancelled' WHERE status = 'expired'`);
    await q.query(`ALTER TABLE notification DROP CONSTRAINT notification_status_check`);
    await q.query(
      `ALTER TABLE notification ADD CONSTRAINT notification_status_check
           CHECK (status IN ('scheduled', 'planned', 'cancelled', 'no_contact'))`,
    );
  }
}
