import { SqlMigration } from '@selvbook/messaging';

/**
 * The booking service's schema. Hand-written: the invariants that must never break are constraints,
 * not read-then-write checks in code (the anchors ship double bookings because they check, then insert):
 *  - slot capacity: `slot.seats_taken` is changed in the same statement that books or frees a seat and a
 *    CHECK keeps it within 0..capacity; the row lock of that UPDATE serialises racers for one slot;
 *  - a citizen's meetings never overlap (overlapping, not only identical, intervals): an exclusion
 *    constraint over active bookings, across jobcenter and a-kasse calendars;
 *  - one active booking per deadline: a partial unique index;
 *  - a retried request with the same idempotency key finds the first result: unique per caller.
 */
export class BookingSchema1764300000000 extends SqlMigration {
  name = 'BookingSchema1764300000000';

  protected upStatements = [
    `CREATE EXTENSION IF NOT EXISTS btree_gist`,
    `
      CREATE TABLE organisation (
        kind          text   NOT NULL CHECK (kind IN ('JOBCENTER', 'AKASSE')),
        code          text   NOT NULL,
        name          text,
        closing_days  date[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (kind, code)
      )`,
    `
      CREATE TABLE calendar (
        id                uuid        PRIMARY KEY,
        org_kind          text        NOT NULL,
        org_code          text        NOT NULL,
        name              text        NOT NULL,
        default_location  text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (org_kind, org_code) REFERENCES organisation (kind, code)
      )`,
    `
      CREATE TABLE slot (
        id                  uuid        PRIMARY KEY,
        calendar_id         uuid        NOT NULL REFERENCES calendar (id),
        org_kind            text        NOT NULL,
        org_code            text        NOT NULL,
        jobcenter_code      text,
        akasse_id           text,
        joint               boolean     NOT NULL DEFAULT false,
        conversation_types  int[]       NOT NULL CHECK (cardinality(conversation_types) > 0),
        formats             text[]      NOT NULL CHECK (cardinality(formats) > 0),
        starts_at           timestamptz NOT NULL,
        ends_at             timestamptz NOT NULL,
        during              tstzrange   GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED,
        capacity            int         NOT NULL CHECK (capacity BETWEEN 1 AND 500),
        seats_taken         int         NOT NULL DEFAULT 0,
        location            text        NOT NULL,
        status              text        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'WITHDRAWN')),
        version             int         NOT NULL DEFAULT 1,
        created_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT slot_time_order CHECK (ends_at > starts_at),
        CONSTRAINT slot_capacity CHECK (seats_taken >= 0 AND seats_taken <= capacity),
        CONSTRAINT slot_joint_participants CHECK (NOT joint OR (jobcenter_code IS NOT NULL AND akasse_id IS NOT NULL)),
        CONSTRAINT slot_calendar_no_overlap EXCLUDE USING gist (calendar_id WITH =, during WITH &&)
          WHERE (status = 'OPEN')
      )`,
    // Search: one organisation's open slots in time order (keyset pagination on starts_at, id).
    `CREATE INDEX slot_search ON slot (org_kind, org_code, starts_at, id) WHERE status = 'OPEN'
           AND seats_taken < capacity`,
    `CREATE INDEX slot_joint_search ON slot (jobcenter_code, akasse_id, starts_at, id) WHERE status = 'OPEN'
           AND joint AND seats_taken < capacity`,
    `CREATE INDEX slot_calendar ON slot (calendar_id, starts_at)`,
    `
      CREATE TABLE booking (
        id                      uuid        PRIMARY KEY,
        slot_id                 uuid        NOT NULL REFERENCES slot (id),
        citizen_id              uuid        NOT NULL,
        deadline_id             uuid,
        jobcenter_code          text        NOT NULL,
        akasse_id               text,
        conversation_type       int         NOT NULL,
        format                  text        NOT NULL,
        location                text        NOT NULL,
        during                  tstzrange   NOT NULL,
        status                  text        NOT NULL CHECK (status IN ('BOOKED', 'CANCELLED', 'HELD', 'NO_SHOW')),
        booked_by_role          text        NOT NULL,
        booked_by_subject       text        NOT NULL,
        self_booked             boolean     NOT NULL,
        previous_booking_id     uuid,
        replaced_by_booking_id  uuid,
        cancel_reason           text,
        legitimate_reason       text,
        idempotency_scope       text,
        idempotency_key         text,
        version                 int         NOT NULL DEFAULT 1,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT booking_citizen_no_overlap EXCLUDE USING gist (citizen_id WITH =, during WITH &&)
          WHERE (status = 'BOOKED')
      )`,
    `CREATE UNIQUE INDEX booking_one_active_per_deadline ON booking (deadline_id) WHERE status = 'BOOKED'
           AND deadline_id IS NOT NULL`,
    `CREATE UNIQUE INDEX booking_idempotency ON booking (idempotency_scope, idempotency_key)
           WHERE idempotency_key IS NOT NULL`,
    `CREATE INDEX booking_slot ON booking (slot_id) WHERE status = 'BOOKED'`,
    `CREATE INDEX booking_citizen ON booking (citizen_id, created_at, id)`,
    `
      CREATE TABLE reservation (
        id                  uuid        PRIMARY KEY,
        slot_id             uuid        NOT NULL REFERENCES slot (id),
        citizen_id          uuid        NOT NULL,
        deadline_id         uuid,
        conversation_type   int         NOT NULL,
        format              text        NOT NULL,
        status              text        NOT NULL CHECK (status IN ('HELD', 'CONFIRMED', 'EXPIRED', 'RELEASED')),
        expires_at          timestamptz NOT NULL,
        booking_id          uuid,
        created_by_role     text        NOT NULL,
        created_by_subject  text        NOT NULL,
        idempotency_scope   text,
        idempotency_key     text,
        created_at          timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE UNIQUE INDEX reservation_idempotency ON reservation (idempotency_scope, idempotency_key)
           WHERE idempotency_key IS NOT NULL`,
    `CREATE INDEX reservation_held ON reservation (slot_id, expires_at) WHERE status = 'HELD'`,
    `CREATE INDEX reservation_expiry ON reservation (expires_at) WHERE status = 'HELD'`,
    `
      CREATE TABLE booking_policy (
        org_kind                 text        NOT NULL,
        org_code                 text        NOT NULL,
        conversation_type        int         NOT NULL,
        min_lead_minutes_book    int         NOT NULL CHECK (min_lead_minutes_book >= 0),
        min_lead_minutes_change  int         NOT NULL CHECK (min_lead_minutes_change >= 0),
        max_advance_days         int         NOT NULL CHECK (max_advance_days > 0),
        rebooking_allowed        boolean     NOT NULL,
        updated_at               timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_kind, org_code, conversation_type)
      )`,
    `COMMENT ON COLUMN booking_policy.conversation_type IS '0: the organisation''s default for every type'`,
    // Local read model of the deadline service's deadlines: what a citizen may book, and until when.
    `
      CREATE TABLE deadline (
        deadline_id          uuid        PRIMARY KEY,
        citizen_id           uuid        NOT NULL,
        jobcenter_code       text        NOT NULL,
        akasse_id            text,
        conversation_type    int         NOT NULL,
        conversation_number  int         NOT NULL,
        deadline_date        date        NOT NULL,
        latest_meeting_date  date        NOT NULL,
        contact_group        text        NOT NULL,
        can_self_book        boolean     NOT NULL,
        status               text        NOT NULL CHECK (status IN ('OPEN', 'FULFILLED', 'CLOSED', 'EXPIRED')),
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX deadline_citizen ON deadline (citizen_id)`,
    `
      CREATE TABLE citizen (
        citizen_id      uuid        PRIMARY KEY,
        jobcenter_code  text        NOT NULL,
        akasse_id       text,
        contact_group   text,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE audit_log (
        id              bigserial   PRIMARY KEY,
        at              timestamptz NOT NULL DEFAULT now(),
        actor_role      text        NOT NULL,
        actor_subject   text        NOT NULL,
        action          text        NOT NULL,
        entity_type     text        NOT NULL,
        entity_id       uuid,
        before          jsonb,
        after           jsonb,
        correlation_id  text
      )`,
    `CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, at)`,
  ];

  protected downStatements = [
    'audit_log',
    'citizen',
    'deadline',
    'booking_policy',
    'reservation',
    'booking',
    'slot',
    'calendar',
    'organisation',
  ].map((table) => `DROP TABLE ${table}`);
}
