import { SqlMigration } from '@selvbook/messaging';

export class ScheduleTables1764210000000 extends SqlMigration {
  name = 'ScheduleTables1764210000000';

  protected upStatements = [
    `
      CREATE TABLE citizen_course (
        citizen_id        uuid PRIMARY KEY,
        jobcenter_code    text        NOT NULL,
        akasse_id         text,
        state             jsonb       NOT NULL,
        schedule          jsonb,
        schedule_hash     text,
        calculated_at     timestamptz,
        calculation_error text,
        updated_at        timestamptz NOT NULL DEFAULT now()
      )`,
    'CREATE INDEX citizen_course_jobcenter ON citizen_course (jobcenter_code)',
    // A full recalculation walks citizens in id order from a saved cursor: resumable after a crash,
    // and one run per (day, reason) however many replicas try to start it.
    `
      CREATE TABLE recalculation_run (
        id           bigserial PRIMARY KEY,
        run_date     date        NOT NULL,
        reason       text        NOT NULL,
        cursor       uuid,
        processed    int         NOT NULL DEFAULT 0,
        published    int         NOT NULL DEFAULT 0,
        failed       int         NOT NULL DEFAULT 0,
        started_at   timestamptz NOT NULL DEFAULT now(),
        finished_at  timestamptz,
        UNIQUE (run_date, reason)
      )`,
  ];

  protected downStatements = ['DROP TABLE recalculation_run', 'DROP TABLE citizen_course'];
}
