import { SqlMigration } from '@selvbook/messaging';

/**
 * The deadline service's own tables (hand-written: partial indexes and CHECK constraints).
 *
 * - `deadline`: one booking deadline. Local dates stay dates; `expires_at` is the instant deadlineDate ends in
 *   Europe/Copenhagen. `due_at` is the durable timer: expires_at while open, the end of the meeting day while
 *   fulfilled, NULL once closed or expired. The runner claims `due_at <= now` with FOR UPDATE SKIP LOCKED.
 * - `deadline_citizen`: a read model of what this service needs about a citizen (organisations, group,
 *   deregistration, the immediate-booking flag and its lapse timer).
 * - `deadline_exemption`, `deadline_booking`: read models of exemptions and bookings.
 * - `deadline_outage`: windows when booking was unavailable.
 * - `deadline_summons`: summons already requested, so a recalculation does not ask twice.
 */
export class DeadlineTables1764300000000 extends SqlMigration {
  name = 'DeadlineTables1764300000000';

  protected upStatements = [
    `
      CREATE TABLE deadline_citizen (
        citizen_id                  uuid PRIMARY KEY,
        jobcenter_code              text NOT NULL,
        akasse_id                   text,
        contact_group               text,
        deregistered_from           date,
        immediate_booking_from      date,
        immediate_booking_lapses_on date,
        immediate_booking_lapses_at timestamptz,
        immediate_booking_deadline_id uuid,
        last_schedule_hash          text,
        updated_at                  timestamptz NOT NULL DEFAULT now(),
        CHECK ((immediate_booking_from IS NULL) = (immediate_booking_lapses_at IS NULL))
      )`,
    `CREATE INDEX deadline_citizen_lapse_due ON deadline_citizen (immediate_booking_lapses_at)
           WHERE immediate_booking_lapses_at IS NOT NULL`,

    `
      CREATE TABLE deadline (
        id                    uuid PRIMARY KEY,
        citizen_id            uuid NOT NULL,
        conversation_number   int  NOT NULL,
        conversation_type     int  NOT NULL,
        guiding_date          date NOT NULL,
        window_from           date NOT NULL,
        window_to             date NOT NULL,
        deadline_date         date NOT NULL,
        latest_meeting_date   date NOT NULL,
        original_deadline_date date NOT NULL,
        expires_at            timestamptz NOT NULL,
        status                text NOT NULL CHECK (status IN ('open', 'fulfilled', 'closed', 'expired')),
        due_at                timestamptz,
        fulfilling_booking_id uuid,
        meeting_date          date,
        jobcenter_code        text NOT NULL,
        akasse_id             text,
        contact_group         text NOT NULL,
        extended_by_outage    boolean NOT NULL DEFAULT false,
        closed_reason         text,
        absence_code          int,
        consequence           text,
        settled_at            timestamptz,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        CHECK (latest_meeting_date >= deadline_date),
        CHECK ((status IN ('open', 'fulfilled')) = (due_at IS NOT NULL)),
        CHECK ((status = 'fulfilled') = (fulfilling_booking_id IS NOT NULL))
      )`,
    // One active deadline per conversation of a citizen; one deadline per fulfilling booking.
    `CREATE UNIQUE INDEX deadline_one_active ON deadline (citizen_id, conversation_number, conversation_type)
           WHERE status IN ('open', 'fulfilled')`,
    `CREATE UNIQUE INDEX deadline_by_booking ON deadline (fulfilling_booking_id) WHERE status = 'fulfilled'`,
    `CREATE INDEX deadline_due ON deadline (due_at) WHERE due_at IS NOT NULL`,
    `CREATE INDEX deadline_open_expires_at ON deadline (expires_at) WHERE status = 'open'`,
    `CREATE INDEX deadline_citizen_idx ON deadline (citizen_id)`,
    `CREATE INDEX deadline_expired_by_jobcenter ON deadline (jobcenter_code, deadline_date) WHERE status = 'expired'`,

    `
      CREATE TABLE deadline_exemption (
        exemption_id uuid PRIMARY KEY,
        citizen_id   uuid NOT NULL,
        kind         text NOT NULL,
        absence_code int,
        valid_from   date NOT NULL,
        valid_to     date,
        ended_on     date
      )`,
    `CREATE INDEX deadline_exemption_citizen ON deadline_exemption (citizen_id)`,

    `
      CREATE TABLE deadline_booking (
        booking_id        uuid PRIMARY KEY,
        citizen_id        uuid NOT NULL,
        conversation_type int  NOT NULL,
        starts_at         timestamptz NOT NULL,
        meeting_date      date NOT NULL,
        status            text NOT NULL CHECK (status IN ('active', 'cancelled', 'attended', 'no_show'))
      )`,
    `CREATE INDEX deadline_booking_citizen ON deadline_booking (citizen_id) WHERE status = 'active'`,

    `
      CREATE TABLE deadline_outage (
        id             uuid PRIMARY KEY,
        starts_at      timestamptz NOT NULL,
        ends_at        timestamptz NOT NULL,
        jobcenter_code text,
        reason         text,
        recorded_by    text NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`,
    `CREATE INDEX deadline_outage_ends ON deadline_outage (ends_at)`,

    `
      CREATE TABLE deadline_summons (
        citizen_id          uuid NOT NULL,
        conversation_number int  NOT NULL,
        conversation_type   int  NOT NULL,
        latest_meeting_date date NOT NULL,
        reason              text NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (citizen_id, conversation_number, conversation_type, latest_meeting_date)
      )`,
  ];

  protected downStatements = [
    'deadline_summons',
    'deadline_outage',
    'deadline_booking',
    'deadline_exemption',
    'deadline',
    'deadline_citizen',
  ].map((t) => `DROP TABLE ${t}`);
}
