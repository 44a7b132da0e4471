/**
 * Events in → messages scheduled, inside the inbox transaction of the event (so a redelivered event has no
 * second effect). Nothing is sent here: a message is a `notification` row with a due time; the delivery
 * runner plans and sends it after commit. Every message has a dedupe key (the event or the reminder slot
 * that caused it), so a replay with a new inbox (or the same fact sent twice) adds nothing either.
 */
import {
  BookingBookedData,
  BookingCancelledData,
  BookingRebookedData,
  CancellationReason,
  CitizenContactDetailsChangedData,
  CitizenRegisteredData,
  ContactDetails,
  DeadlineClosedData,
  DeadlineExpiredData,
  DeadlineFulfilledData,
  DeadlineOpenedData,
  DeadlineReopenedData,
  EventEnvelope,
  NotificationKind,
} from '@selvbook/contracts';
import { addDays, localTimeToInstantOrLater } from '@selvbook/calendar';
import { currentContext } from '@selvbook/platform';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isAkasseMeeting } from '../domain/channel-policy';
import { meetingUid } from '../domain/ics';
import { NotificationFacts, TemplateId } from '../domain/templates';

export interface ReminderPolicy {
  /** days before deadlineDate a deadline reminder goes out (default 3 and 1) */
  deadlineReminderDays: number[];
  /** Copenhagen local hour of a deadline reminder */
  deadlineReminderHour: number;
  /** hours before the meeting a meeting reminder goes out (default 24) */
  meetingReminderHours: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = { deadlineReminderDays: [3, 1], deadlineReminderHour: 9, meetingReminderHours: 24 };

const REMINDERS: ReadonlySet<NotificationKind> = new Set([NotificationKind.DEADLINE_REMINDER, NotificationKind.MEETING_REMINDER]);

/** Set on a transaction that scheduled a message due now: the runner is woken when it commits. */
export const NOTIFICATION_SCHEDULED = 'selvbookNotificationScheduled';

export interface CalendarRef {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
}

interface NewNotification {
  dedupeKey: string;
  citizenId: string;
  jobcenterCode: string;
  kind: NotificationKind;
  template: TemplateId;
  deadlineId?: string;
  bookingId?: string;
  facts: NotificationFacts;
  calendar?: CalendarRef;
  dueAt: Date;
}

interface MeetingRow {
  bookingId: string;
  uid: string;
  sequence: number;
  facts: NotificationFacts;
  status: string;
}

export class RecordNotificationEventsUseCase {
  constructor(private readonly policy: ReminderPolicy = DEFAULT_REMINDER_POLICY) {}

  // ── contact details ────────────────────────────────────────────────────────────────────────────────
  async citizenRegistered(data: CitizenRegisteredData, tx: EntityManager): Promise<void> {
    await this.saveContact(tx, data.citizenId, data.contact, data.jobcenterCode);
  }

  async contactDetailsChanged(data: CitizenContactDetailsChangedData, tx: EntityManager): Promise<void> {
    await this.saveContact(tx, data.citizenId, data.contact);
  }

  private async saveContact(tx: EntityManager, citizenId: string, c: ContactDetails, jobcenterCode?: string): Promise<void> {
    await tx.query(
      `INSERT INTO notification_contact (citizen_id, jobcenter_code, email, phone, digital_post_enabled, language)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (citizen_id) DO UPDATE SET jobcenter_code = COALESCE(EXCLUDED.jobcenter_code, notification_contact.jobcenter_code),
         email = EXCLUDED.email, phone = EXCLUDED.phone, digital_post_enabled = EXCLUDED.digital_post_enabled,
         language = EXCLUDED.language, updated_at = now()`,
      [citizenId, jobcenterCode ?? null, c.email ?? null, c.phone ?? null, c.digitalPostEnabled, c.language],
    );
  }

  // ── deadlines ──────────────────────────────────────────────────────────────────────────────────────
  async deadlineOpened(event: EventEnvelope, tx: EntityManager, now: Date): Promise<void> {
    const d = event.data as DeadlineOpenedData;
    await tx.query(
      `INSERT INTO notification_deadline (deadline_id, citizen_id, conversation_type, deadline_date, latest_meeting_date, can_self_book)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (deadline_id) DO UPDATE SET deadline_date = EXCLUDED.deadline_date, latest_meeting_date = EXCLUDED.latest_meeting_date,
         can_self_book = EXCLUDED.can_self_book`,
      [d.deadlineId, d.citizenId, d.conversationType, d.deadlineDate, d.latestMeetingDate, d.canSelfBook],
    );
    // KanSelvbooke = false: the citizen is exempt and the jobcenter summons in writing; nothing to book.
    if (!d.canSelfBook) return;
    const facts: NotificationFacts = { conversationType: d.conversationType, deadlineDate: d.deadlineDate, latestMeetingDate: d.latestMeetingDate, ...(d.akasseId ? { akasseId: d.akasseId } : {}) };
    await this.schedule(tx, event, {
      dedupeKey: `event:${event.id}:deadline-given`,
      citizenId: d.citizenId,
      jobcenterCode: d.jobcenterCode,
      kind: NotificationKind.DEADLINE_GIVEN,
      template: 'deadline-given',
      deadlineId: d.deadlineId,
      facts,
      dueAt: now,
    });
    await this.scheduleDeadlineReminders(tx, event, d.citizenId, d.jobcenterCode, d.deadlineId, facts, now);
  }

  async deadlineReopened(event: EventEnvelope, tx: EntityManager, now: Date): Promise<void> {
    const d = event.data as DeadlineReopenedData;
    // TypeORM answers an UPDATE with [rows, affected count], not with the rows alone.
    const [[known]]: [Array<{ conversationType: number; canSelfBook: boolean }>, number] = await tx.query(
      `UPDATE notification_deadline SET deadline_date = $2, latest_meeting_date = $3 WHERE deadline_id = $1
       RETURNING conversation_type AS "conversationType", can_self_book AS "canSelfBook"`,
      [d.deadlineId, d.deadlineDate, d.latestMeetingDate],
    );
    if (!known || !known.canSelfBook) return; // never opened here (or summons only): nothing the citizen can book
    const facts: NotificationFacts = { conversationType: known.conversationType, deadlineDate: d.deadlineDate, latestMeetingDate: d.latestMeetingDate, ...(d.akasseId ? { akasseId: d.akasseId } : {}) };
    await this.cancelScheduled(tx, { deadlineId: d.deadlineId, kind: NotificationKind.DEADLINE_REMINDER });
    await this.schedule(tx, event, {
      dedupeKey: `event:${event.id}:deadline-given`,
      citizenId: d.citizenId,
      jobcenterCode: d.jobcenterCode,
      kind: NotificationKind.DEADLINE_GIVEN,
      template: 'deadline-given',
      deadlineId: d.deadlineId,
      facts,
      dueAt: now,
    });
    await this.scheduleDeadlineReminders(tx, event, d.citizenId, d.jobcenterCode, d.deadlineId, facts, now);
  }

  /** Fulfilled (booked) or closed: its reminders are no longer wanted. */
  async deadlineSettled(data: DeadlineFulfilledData | DeadlineClosedData, tx: EntityManager): Promise<void> {
    await this.cancelScheduled(tx, { deadlineId: data.deadlineId, kind: NotificationKind.DEADLINE_REMINDER });
  }

  async deadlineExpired(event: EventEnvelope, tx: EntityManager, now: Date): Promise<void> {
    const d = event.data as DeadlineExpiredData;
    await this.cancelScheduled(tx, { deadlineId: d.deadlineId, kind: NotificationKind.DEADLINE_REMINDER });
    await this.schedule(tx, event, {
      dedupeKey: `event:${event.id}:deadline-missed`,
      citizenId: d.citizenId,
      jobcenterCode: d.jobcenterCode,
      kind: NotificationKind.DEADLINE_MISSED,
      template: 'deadline-missed',
      deadlineId: d.deadlineId,
      facts: {
        conversationType: d.conversationType,
        deadlineDate: d.deadlineDate,
        consequence: d.consequence,
        ...(d.deregisteredFrom ? { deregisteredFrom: d.deregisteredFrom } : {}),
        ...(d.akasseId ? { akasseId: d.akasseId } : {}),
      },
      dueAt: now,
    });
  }

  private async scheduleDeadlineReminders(
    tx: EntityManager,
    event: EventEnvelope,
    citizenId: string,
    jobcenterCode: string,
    deadlineId: string,
    facts: NotificationFacts,
    now: Date,
  ): Promise<void> {
    for (const days of this.policy.deadlineReminderDays) {
      const dueAt = localTimeToInstantOrLater(addDays(facts.deadlineDate!, -days), this.policy.deadlineReminderHour * 60);
      if (dueAt <= now) continue; // a deadline given late gets only the reminders still ahead
      await this.schedule(tx, event, {
        dedupeKey: `deadline:${deadlineId}:${facts.deadlineDate}:reminder-${days}d`,
        citizenId,
        jobcenterCode,
        kind: NotificationKind.DEADLINE_REMINDER,
        template: 'deadline-reminder',
        deadlineId,
        facts,
        dueAt,
      });
    }
  }

  // ── bookings ───────────────────────────────────────────────────────────────────────────────────────
  async booked(event: EventEnvelope, tx: EntityManager, now: Date): Promise<void> {
    const b = event.data as BookingBookedData;
    const facts = meetingFacts(b);
    const meeting: MeetingRow = { bookingId: b.bookingId, uid: meetingUid(b.bookingId), sequence: 0, facts, status: 'active' };
    await this.saveMeeting(tx, b.citizenId, meeting);
    if (!isAkasseMeeting(b.conversationType)) {
      await this.schedule(tx, event, {
        dedupeKey: `event:${event.id}:booking-receipt`,
        citizenId: b.citizenId,
        jobcenterCode: b.jobcenterCode,
        kind: NotificationKind.BOOKING_RECEIPT,
        template: 'booking-receipt',
        deadlineId: b.deadlineId,
        bookingId: b.bookingId,
        facts,
        calendar: { method: 'REQUEST', uid: meeting.uid, sequence: meeting.sequence },
        dueAt: now,
      });
    }
    await this.scheduleMeetingReminder(tx, event, b, facts, now);
  }

  async rebooked(event: EventEnvelope, tx: EntityManager, now: Date): Promise<void> {
    const b = event.data as BookingRebookedData;
    const previous = await this.meeting(tx, b.previousBookingId);
    const facts = meetingFacts(b);
    const meeting: MeetingRow = {
      bookingId: b.bookingId,
      uid: previous?.uid ?? meetingUid(b.previousBookingId),
      sequence: (previous?.sequence ?? 0) + 1,
      facts,
      status: 'active',
    };
    await tx.query(`UPDATE notification_meeting SET status = 'replaced' WHERE booking_id = $1`, [b.previousBookingId]);
    await this.saveMeeting(tx, b.citizenId, meeting);
    await this.cancelScheduled(tx, { bookingId: b.previousBookingId, kind: NotificationKind.MEETING_REMINDER });
    if (!isAkasseMeeting(b.conversationType)) {
      await this.schedule(tx, event, {
        dedupeKey: `event:${event.id}:booking-rebooked`,
        citizenId: b.citizenId,
        jobcenterCode: b.jobcenterCode,
        kind: NotificationKind.BOOKING_RECEIPT,
        template: 'booking-rebooked',
        deadlineId: b.deadlineId,
        bookingId: b.bookingId,
        facts,
        calendar: { method: 'REQUEST', uid: meeting.uid, sequence: meeting.sequence },
        dueAt: now,
      });
    }
    await this.scheduleMeetingReminder(tx, event, b, facts, now);
  }

  async cancelled(event: EventEnvelope, tx: EntityManager, now: Date): Promise<void> {
    const c = event.data as BookingCancelledData;
    await this.cancelScheduled(tx, { bookingId: c.bookingId, kind: NotificationKind.MEETING_REMINDER });
    // A rebooking: booking.rebooked carries the new meeting and its receipt (same UID, higher SEQUENCE).
    if (c.reason === CancellationReason.REBOOKED) return;
    const known = await this.meeting(tx, c.bookingId);
    if (known?.status === 'cancelled') return;
    const facts: NotificationFacts = known?.facts ?? { conversationType: c.conversationType, startsAt: c.startsAt };
    const sequence = (known?.sequence ?? 0) + 1;
    const uid = known?.uid ?? meetingUid(c.bookingId);
    await tx.query(`UPDATE notification_meeting SET status = 'cancelled', sequence = $2 WHERE booking_id = $1`, [c.bookingId, sequence]);
    if (isAkasseMeeting(c.conversationType)) return;
    await this.schedule(tx, event, {
      dedupeKey: `event:${event.id}:booking-cancelled`,
      citizenId: c.citizenId,
      jobcenterCode: c.jobcenterCode,
      kind: NotificationKind.BOOKING_CANCELLED,
      template: 'booking-cancelled',
      deadlineId: c.deadlineId,
      bookingId: c.bookingId,
      facts,
      calendar: { method: 'CANCEL', uid, sequence },
      dueAt: now,
    });
  }

  private async scheduleMeetingReminder(tx: EntityManager, event: EventEnvelope, b: BookingBookedData, facts: NotificationFacts, now: Date): Promise<void> {
    const dueAt = new Date(new Date(b.startsAt).getTime() - this.policy.meetingReminderHours * 3_600_000);
    if (dueAt <= now) return; // booked less than a day ahead: the receipt is the reminder
    await this.schedule(tx, event, {
      dedupeKey: `booking:${b.bookingId}:meeting-reminder`,
      citizenId: b.citizenId,
      jobcenterCode: b.jobcenterCode,
      kind: NotificationKind.MEETING_REMINDER,
      template: 'meeting-reminder',
      deadlineId: b.deadlineId,
      bookingId: b.bookingId,
      facts,
      dueAt,
    });
  }

  private async meeting(tx: EntityManager, bookingId: string): Promise<MeetingRow | undefined> {
    const [row]: MeetingRow[] = await tx.query(
      `SELECT booking_id AS "bookingId", uid, sequence, facts, status FROM notification_meeting WHERE booking_id = $1`,
      [bookingId],
    );
    return row;
  }

  private async saveMeeting(tx: EntityManager, citizenId: string, m: MeetingRow): Promise<void> {
    await tx.query(
      `INSERT INTO notification_meeting (booking_id, citizen_id, uid, sequence, facts, status) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (booking_id) DO NOTHING`,
      [m.bookingId, citizenId, m.uid, m.sequence, JSON.stringify(m.facts), m.status],
    );
  }

  // ── shared ─────────────────────────────────────────────────────────────────────────────────────────
  private async schedule(tx: EntityManager, cause: EventEnvelope, n: NewNotification): Promise<void> {
    await tx.query(
      `INSERT INTO notification (id, dedupe_key, citizen_id, jobcenter_code, kind, template, deadline_id, booking_id, facts, calendar,
                                 status, due_at, source_event_id, correlation_id, occurred_at, traceparent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, 'scheduled', $11, $12, $13, $14, $15)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        randomUUID(),
        n.dedupeKey,
        n.citizenId,
        n.jobcenterCode,
        n.kind,
        n.template,
        n.deadlineId ?? null,
        n.bookingId ?? null,
        JSON.stringify(n.facts),
        n.calendar ? JSON.stringify(n.calendar) : null,
        n.dueAt,
        cause.id,
        cause.correlationId,
        // a reminder's moment is its due time; any other message's, its cause's (measured to its send)
        REMINDERS.has(n.kind) ? n.dueAt : cause.occurredAt,
        currentContext()?.traceparent ?? null,
      ],
    );
    if (tx.queryRunner?.isTransactionActive) tx.queryRunner.data[NOTIFICATION_SCHEDULED] = true;
  }

  /** Scheduled messages of a deadline or booking are cancelled, and so are their deliveries not yet sent. */
  private async cancelScheduled(tx: EntityManager, by: { deadlineId?: string; bookingId?: string; kind: NotificationKind }): Promise<void> {
    const [column, id] = by.bookingId ? ['booking_id', by.bookingId] : ['deadline_id', by.deadlineId!];
    await tx.query(
      `UPDATE notification SET status = 'cancelled', updated_at = now() WHERE ${column} = $1 AND kind = $2 AND status = 'scheduled'`,
      [id, by.kind],
    );
    await tx.query(
      `UPDATE notification_delivery d SET status = 'cancelled', next_attempt_at = NULL, updated_at = now()
         FROM notification n WHERE d.notification_id = n.id AND n.${column} = $1 AND n.kind = $2 AND d.status = 'pending'`,
      [id, by.kind],
    );
  }
}

function meetingFacts(b: BookingBookedData): NotificationFacts {
  return {
    conversationType: b.conversationType, startsAt: b.startsAt, endsAt: b.endsAt, location: b.location, format: b.format,
    ...(b.akasseId ? { akasseId: b.akasseId } : {}),
    ...(b.rebookingAllowed !== undefined ? { rebookingAllowed: b.rebookingAllowed } : {}),
    ...(b.rebookableUntil ? { rebookableUntil: b.rebookableUntil } : {}),
  };
}
