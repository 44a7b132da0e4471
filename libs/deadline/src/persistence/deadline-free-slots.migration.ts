import { SqlMigration } from '@selvbook/messaging';

/**
 * No free slots before the deadline (RULES §5, §8.14 [F:S6]): what the expiry needs to tell a missed deadline from
 * one the citizen could not meet.
 * - `deadline_slot`: the booking service's slots as slot.availability-changed tells them — free now, and the last
 *   instant (service clock) a seat was known free;
 * - `deadline.opened_at`: when the deadline was given (service clock); NULL for deadlines given before this version,
 *   which expire as before;
 * - `deadline_slot_tracking.since`: slots published before this instant were never announced to this service, so only
 *   deadlines opened `noFreeSlotsTrackingLeadDays` after it are judged (until then, absent slots prove nothing).
 */
export class DeadlineFreeSlots1764300000002 extends SqlMigration {
  name = 'DeadlineFreeSlots1764300000002';

  protected upStatements = [
    `
      CREATE TABLE deadline_slot (
        slot_id            uuid PRIMARY KEY,
        jobcenter_code     text        NOT NULL,
        conversation_types int[]       NOT NULL,
        starts_at          timestamptz NOT NULL,
        free_now           boolean     NOT NULL,
        last_free_at       timestamptz,
        first_seen_at      timestamptz NOT NULL
      )`,
    `CREATE INDEX deadline_slot_search ON deadline_slot (jobcenter_code, starts_at)`,
    `ALTER TABLE deadline ADD COLUMN opened_at timestamptz`,
    `CREATE TABLE deadline_slot_tracking (one boolean PRIMARY KEY DEFAULT true
           CHECK (one), since timestamptz NOT NULL)`,
    `INSERT INTO deadline_slot_tracking (since) VALUES (now())`,
  ];

  protected downStatements = [
    `DROP TABLE deadline_slot_tracking`,
    `ALTER TABLE deadline DROP COLUMN opened_at`,
    `DROP TABLE deadline_slot`,
  ];
}
