import { SqlMigration } from '@selvbook/messaging';

/**
 * Rebooking rights per meeting [F:S21 §20 nr. 11–12]: each meeting notice records whether it may be rebooked and the
 * rebooking period. Fixed when the meeting is booked, from the policy then in force; NULL for meetings booked before.
 * And `deadline.meeting_formats`: the formats a deadline's meeting may take (deadline.opened; NULL = any) [F:S16, S20].
 */
export class BookingRebookingRights1764300000001 extends SqlMigration {
  name = 'BookingRebookingRights1764300000001';

  protected upStatements = [
    `ALTER TABLE booking ADD COLUMN rebooking_allowed boolean, ADD COLUMN rebookable_until timestamptz`,
    `ALTER TABLE deadline ADD COLUMN meeting_formats text[]`,
  ];

  protected downStatements = [
    `ALTER TABLE deadline DROP COLUMN meeting_formats`,
    `ALTER TABLE booking DROP COLUMN rebooking_allowed, DROP COLUMN rebookable_until`,
  ];
}
