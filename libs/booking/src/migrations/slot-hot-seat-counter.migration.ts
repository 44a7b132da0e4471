import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every booking changes `slot.seats_taken`. While that column appeared in the search indexes' predicates
 * (`… AND seats_taken < capacity`), PostgreSQL could not make that UPDATE a HOT update: each booking wrote
 * a new entry into all five slot indexes, the GiST index of `slot_calendar_no_overlap` included (with its
 * exclusion check). Without it, and with room left on each page (fillfactor 80), the seat UPDATE stays on
 * the page and touches no index. Search still filters `seats_taken < capacity`, on the rows the index
 * gives it in time order. The constraints that decide races are unchanged.
 */
export class SlotHotSeatCounter1764400000000 implements MigrationInterface {
  name = 'SlotHotSeatCounter1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE slot SET (fillfactor = 80)`);
    await q.query(`DROP INDEX slot_search`);
    await q.query(`CREATE INDEX slot_search ON slot (org_kind, org_code, starts_at, id) WHERE status = 'OPEN'`);
    await q.query(`DROP INDEX slot_joint_search`);
    await q.query(`CREATE INDEX slot_joint_search ON slot (jobcenter_code, akasse_id, starts_at, id) WHERE status = 'OPEN' AND joint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX slot_joint_search`);
    await q.query(`CREATE INDEX slot_joint_search ON slot (jobcenter_code, akasse_id, starts_at, id) WHERE status = 'OPEN' AND joint AND seats_taken < capacity`);
    await q.query(`DROP INDEX slot_search`);
    await q.query(`CREATE INDEX slot_search ON slot (org_kind, org_code, starts_at, id) WHERE status = 'OPEN' AND seats_taken < capacity`);
    await q.query(`ALTER TABLE slot RESET (fillfactor)`);
  }
}
