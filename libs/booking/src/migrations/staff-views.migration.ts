import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff read models: a calendar's slots list every booking that is not cancelled (held and no-show
 * ones too, which `booking_slot` leaves out), and a calendar's bookings go by meeting start; an a-kasse or
 * jobcenter finds the calendars of the joint meetings it takes part in.
 */
export class StaffViews1765100000000 implements MigrationInterface {
  name = 'StaffViews1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX booking_slot_start ON booking (slot_id, lower(during), id)`);
    await q.query(`CREATE INDEX slot_joint_akasse ON slot (akasse_id, calendar_id) WHERE joint`);
    await q.query(`CREATE INDEX slot_joint_jobcenter ON slot (jobcenter_code, calendar_id) WHERE joint`);
    await q.query(`CREATE INDEX calendar_organisation ON calendar (org_kind, org_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['calendar_organisation', 'slot_joint_jobcenter', 'slot_joint_akasse', 'booking_slot_start'])
      await q.query(`DROP INDEX ${index}`);
  }
}
