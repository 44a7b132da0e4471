import { SqlMigration } from '@selvbook/messaging';

/**
 * A run is split into lanes (ranges of citizen ids), each with its own cursor and counters, so several
 * workers, in one replica or many, recalculate in parallel without waiting on one run row.
 */
export class RecalculationLanes1764300000000 extends SqlMigration {
  name = 'RecalculationLanes1764300000000';

  protected upStatements = [
    `
      CREATE TABLE recalculation_lane (
        run_id       bigint  NOT NULL REFERENCES recalculation_run (id) ON DELETE CASCADE,
        lane         int     NOT NULL,
        lower_bound  uuid    NOT NULL,
        upper_bound  uuid,
        cursor       uuid,
        processed    int     NOT NULL DEFAULT 0,
        published    int     NOT NULL DEFAULT 0,
        failed       int     NOT NULL DEFAULT 0,
        finished     boolean NOT NULL DEFAULT false,
        PRIMARY KEY (run_id, lane)
      )`,
  ];

  protected downStatements = ['DROP TABLE recalculation_lane'];
}
