import { SqlMigration } from '@selvbook/messaging';

/**
 * The staff read models: a calendar's slots list every booking that is not cancelled (held and no-show
 * ones too, which `booking_slot` leaves out), and a calendar's bookings go by meeting start; an a-kasse or
 * jobcenter finds the calendars of the joint meetings it takes part in.
 */
export class StaffViews1765100000000 extends SqlMigration {
  name = 'StaffViews1765100000000';

  protected upStatements = [
    `CREATE INDEX booking_slot_start ON booking (slot_id, lower(during), id)`,
    `CREATE INDEX slot_joint_akasse ON slot (akasse_id, calendar_id) WHERE joint`,
    `CREATE INDEX slot_joint_jobcenter ON slot (jobcenter_code, calendar_id) WHERE joint`,
    `CREATE INDEX calendar_organisation ON calendar (org_kind, org_code)`,
  ];

  protected downStatements = [
    'calendar_organisation',
    'slot_joint_jobcenter',
    'slot_joint_akasse',
    'booking_slot_start',
  ].map((index) => `DROP INDEX ${index}`);
}
