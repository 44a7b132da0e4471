import { SqlMigration } from '@selvbook/messaging';

/**
 * The notification service's tables (hand-written: partial indexes and CHECK constraints).
 *
 * - `notification_contact`: how to reach a citizen and in which language (from citizen events).
 * - `notification_deadline`: what a message about a deadline needs (from deadline.opened), for reopenings.
 * - `notification_meeting`: a booking's calendar identity (UID of its rebooking chain, SEQUENCE) and facts.
 * - `notification`: one message to a citizen (an intent). `dedupe_key` is unique: the event (or the reminder
 *   slot) that caused it, so a replayed event adds nothing. `due_at` is the durable timer of a scheduled
 *   message (a reminder later, anything else at once); the runner claims `due_at <= now` with FOR UPDATE SKIP
 *   LOCKED and plans it into deliveries. A booking change cancels its scheduled reminders.
 * - `notification_delivery`: that message on one channel; UNIQUE (notification_id, channel) is the
 *   exactly-once key per (event, channel). `next_attempt_at` is its timer (first try, retry with backoff,
 *   quiet hours); NULL once sent, failed or cancelled.
 */
export class NotificationTables1764400000000 extends SqlMigration {
  name = 'NotificationTables1764400000000';

  protected upStatements = [
    `
      CREATE TABLE notification_contact (
        citizen_id           uuid PRIMARY KEY,
        jobcenter_code       text,
        email                text,
        phone                text,
        digital_post_enabled boolean NOT NULL,
        language             text NOT NULL CHECK (language IN ('da', 'en')),
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`,

    `
      CREATE TABLE notification_deadline (
        deadline_id         uuid PRIMARY KEY,
        citizen_id          uuid NOT NULL,
        conversation_type   int  NOT NULL,
        deadline_date       date NOT NULL,
        latest_meeting_date date NOT NULL,
        can_self_book       boolean NOT NULL
      )`,

    `
      CREATE TABLE notification_meeting (
        booking_id        uuid PRIMARY KEY,
        citizen_id        uuid NOT NULL,
        uid               text NOT NULL,
        sequence          int  NOT NULL,
        facts             jsonb NOT NULL,
        status            text NOT NULL CHECK (status IN ('active', 'replaced', 'cancelled'))
      )`,

    `
      CREATE TABLE notification (
        id              uuid PRIMARY KEY,
        dedupe_key      text NOT NULL UNIQUE,
        citizen_id      uuid NOT NULL,
        jobcenter_code  text NOT NULL,
        kind            text NOT NULL,
        template        text NOT NULL,
        deadline_id     uuid,
        booking_id      uuid,
        facts           jsonb NOT NULL,
        calendar        jsonb,
        status          text NOT NULL CHECK (status IN ('scheduled', 'planned', 'cancelled', 'no_contact')),
        due_at          timestamptz NOT NULL,
        source_event_id uuid,
        correlation_id  uuid,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX notification_due ON notification (due_at) WHERE status = 'scheduled'`,
    `CREATE INDEX notification_citizen ON notification (citizen_id, created_at)`,
    `CREATE INDEX notification_booking ON notification (booking_id) WHERE status = 'scheduled'`,
    `CREATE INDEX notification_deadline_idx ON notification (deadline_id) WHERE status = 'scheduled'`,

    `
      CREATE TABLE notification_delivery (
        id              uuid PRIMARY KEY,
        notification_id uuid NOT NULL REFERENCES notification (id),
        channel         text NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'DIGITAL_POST')),
        recipient       text NOT NULL,
        status          text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
        attempts        int  NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_error      text,
        provider_id     text,
        sent_at         timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (notification_id, channel),
        CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
      )`,
    `CREATE INDEX notification_delivery_due ON notification_delivery (next_attempt_at) WHERE status = 'pending'`,
  ];

  protected downStatements = [
    'notification_delivery',
    'notification',
    'notification_meeting',
    'notification_deadline',
    'notification_contact',
  ].map((t) => `DROP TABLE ${t}`);
}
