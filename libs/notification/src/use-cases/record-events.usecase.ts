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
import { Inject, Injectable } from '@nestjs/common';
import { currentContext } from '@selvbook/platform';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isAkasseMeeting } from '../domain/channel-policy';
import { meetingUid } from '../domain/ics';
import { NotificationFacts } from '../domain/templates';
import {
  cancelScheduled,
  findMeeting,
  insertNotification,
  markMeetingCancelled,
  markMeetingReplaced,
  Meeting,
  NewNotification,
  redateDeadline,
  saveContactDetails,
  saveDeadline,
  saveMeeting,
} from '../persistence/notification-store';

export interface ReminderPolicy {
  /** days before deadlineDate a deadline reminder goes out (default 3 and 1) */
  deadlineReminderDays: number[];
  /** Copenhagen local hour of a deadline reminder */
  deadlineReminderHour: number;
  /** hours before the meeting a meeting reminder goes out (default 24) */
  meetingReminderHours: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  deadlineReminderDays: [3, 1],
  deadlineReminderHour: 9,
  meetingReminderHours: 24,
};

const REMINDERS: ReadonlySet<NotificationKind> = new Set([
  NotificationKind.DEADLINE_REMINDER,
  NotificationKind.MEETING_REMINDER,
]);

/** Set on a transaction that scheduled a message due now: the runner is woken when it commits. */
export const NOTIFICATION_SCHEDULED = 'selvbookNotificationScheduled';

/** What a use case decides of a message; `schedule` adds its id and what caused it. */
type ScheduledMessage = Omit<NewNotification, 'id' | 'sourceEventId' | 'correlationId' | 'occurredAt' | 'traceparent'>;

/** DI token of the service's ReminderPolicy (NotificationModule provides it). */
export const REMINDER_POLICY = Symbol('REMINDER_POLICY');

/** What a contact-details use case needs of citizen.registered or citizen.contact-details-changed. */
export interface SaveContactDetailsCommand {
  citizenId: string;
  contact: ContactDetails;
  /** known from the registration; a change of contact details keeps the one recorded */
  jobcenterCode?: string;
}

/** A use case that schedules reminders, by the service's ReminderPolicy. */
@Injectable()
abstract class SchedulesReminders {
  constructor(@Inject(REMINDER_POLICY) protected readonly policy: ReminderPolicy = DEFAULT_REMINDER_POLICY) {}
}

/*
 * One use case per event type (or per effect several types share). Each takes the event (its id and correlation
 * are the cause of what it schedules), runs in the event's inbox transaction and takes the service's time.
 */

// ── contact details ────────────────────────

/** citizen.registered, citizen.contact-details-changed: where and how the citizen is reached. */
@Injectable()
export class SaveContactDetailsUseCase {
  async execute({ citizenId, contact: c, jobcenterCode }: SaveContactDetailsCommand, tx: EntityManager): Promise<void> {
    await saveContactDetails(tx, citizenId, c, jobcenterCode ?? null);
  }
}

// ── deadlines ──────────────────────────────

/** deadline.opened: the deadline is recorded; one the citizen can self-book is announced, with its reminders. */
@Injectable()
export class NotifyDeadlineGivenUseCase extends SchedulesReminders {
  async execute(event: EventEnvelope<DeadlineOpenedData>, tx: EntityManager, now: Date): Promise<void> {
    const d = event.data;
    await saveDeadline(tx, {
      deadlineId: d.deadlineId,
      citizenId: d.citizenId,
      conversationType: d.conversationType,
      deadlineDate: d.deadlineDate,
      latestMeetingDate: d.latestMeetingDate,
      canSelfBook: d.canSelfBook,
    });
    // KanSelvbooke = false: the citizen is exempt and the jobcenter summons in writing; nothing to book.
    if (!d.canSelfBook) return;
    await announceDeadline(tx, event, d.conversationType, this.policy, now);
  }
}

/** deadline.reopened: new dates; the deadline is announced again and its reminders replaced. */
@Injectable()
export class NotifyDeadlineReopenedUseCase extends SchedulesReminders {
  async execute(event: EventEnvelope<DeadlineReopenedData>, tx: EntityManager, now: Date): Promise<void> {
    const d = event.data;
    const known = await redateDeadline(tx, d.deadlineId, d.deadlineDate, d.latestMeetingDate);
    if (!known || !known.canSelfBook) return; // never opened here (or summons only): nothing the citizen can book
    await cancelScheduled(tx, { deadlineId: d.deadlineId, kind: NotificationKind.DEADLINE_REMINDER });
    await announceDeadline(tx, event, known.conversationType, this.policy, now);
  }
}

/** deadline.fulfilled (booked) or deadline.closed: its reminders are no longer wanted. */
@Injectable()
export class CancelDeadlineRemindersUseCase {
  async execute(data: DeadlineFulfilledData | DeadlineClosedData, tx: EntityManager): Promise<void> {
    await cancelScheduled(tx, { deadlineId: data.deadlineId, kind: NotificationKind.DEADLINE_REMINDER });
  }
}

/** deadline.expired: the reminders go; the citizen is told the deadline was missed and what follows. */
@Injectable()
export class NotifyDeadlineMissedUseCase {
  async execute(event: EventEnvelope<DeadlineExpiredData>, tx: EntityManager, now: Date): Promise<void> {
    const d = event.data;
    await cancelScheduled(tx, { deadlineId: d.deadlineId, kind: NotificationKind.DEADLINE_REMINDER });
    await scheduleNow(tx, event, now, {
      ...subjectOf(d),
      kind: NotificationKind.DEADLINE_MISSED,
      template: 'deadline-missed',
      facts: {
        conversationType: d.conversationType,
        deadlineDate: d.deadlineDate,
        consequence: d.consequence,
        ...(d.deregisteredFrom ? { deregisteredFrom: d.deregisteredFrom } : {}),
        ...(d.akasseId ? { akasseId: d.akasseId } : {}),
      },
    });
  }
}

/** The deadline given (at once) and its reminders (those still ahead), for an opened or reopened deadline. */
async function announceDeadline(
  tx: EntityManager,
  event: EventEnvelope<DeadlineOpenedData | DeadlineReopenedData>,
  conversationType: number,
  policy: ReminderPolicy,
  now: Date,
): Promise<void> {
  const d = event.data;
  const facts: NotificationFacts = {
    conversationType,
    deadlineDate: d.deadlineDate,
    latestMeetingDate: d.latestMeetingDate,
    ...(d.akasseId ? { akasseId: d.akasseId } : {}),
  };
  const deadline = { ...subjectOf(d), facts };
  await scheduleNow(tx, event, now, { ...deadline, kind: NotificationKind.DEADLINE_GIVEN, template: 'deadline-given' });
  for (const days of policy.deadlineReminderDays) {
    const dueAt = localTimeToInstantOrLater(addDays(d.deadlineDate, -days), policy.deadlineReminderHour * 60);
    if (dueAt <= now) continue; // a deadline given late gets only the reminders still ahead
    await schedule(tx, event, {
      ...deadline,
      dedupeKey: `deadline:${d.deadlineId}:${d.deadlineDate}:reminder-${days}d`,
      kind: NotificationKind.DEADLINE_REMINDER,
      template: 'deadline-reminder',
      dueAt,
    });
  }
}

// ── bookings ───────────────────────────────

/** booking.booked: the meeting is recorded; a receipt with the calendar invitation, and a reminder before it. */
@Injectable()
export class NotifyBookingUseCase extends SchedulesReminders {
  async execute(event: EventEnvelope<BookingBookedData>, tx: EntityManager, now: Date): Promise<void> {
    const { bookingId } = event.data;
    const calendar = { bookingId, uid: meetingUid(bookingId), sequence: 0 };
    await announceMeeting(tx, event, calendar, 'booking-receipt', this.policy, now);
  }
}

/**
 * booking.rebooked: the old meeting is replaced (and its reminder cancelled); the new one is the same calendar
 * event (UID) with a higher SEQUENCE, so the citizen's calendar moves it.
 */
@Injectable()
export class NotifyRebookingUseCase extends SchedulesReminders {
  async execute(event: EventEnvelope<BookingRebookedData>, tx: EntityManager, now: Date): Promise<void> {
    const b = event.data;
    const previous = await findMeeting(tx, b.previousBookingId);
    await markMeetingReplaced(tx, b.previousBookingId);
    await cancelScheduled(tx, { bookingId: b.previousBookingId, kind: NotificationKind.MEETING_REMINDER });
    const calendar = {
      bookingId: b.bookingId,
      uid: previous?.uid ?? meetingUid(b.previousBookingId),
      sequence: (previous?.sequence ?? 0) + 1,
    };
    await announceMeeting(tx, event, calendar, 'booking-rebooked', this.policy, now);
  }
}

/** booking.cancelled: the reminder goes; the citizen gets the cancellation with the calendar's CANCEL. */
@Injectable()
export class NotifyCancellationUseCase {
  async execute(event: EventEnvelope<BookingCancelledData>, tx: EntityManager, now: Date): Promise<void> {
    const c = event.data;
    await cancelScheduled(tx, { bookingId: c.bookingId, kind: NotificationKind.MEETING_REMINDER });
    // A rebooking: booking.rebooked carries the new meeting and its receipt (same UID, higher SEQUENCE).
    if (c.reason === CancellationReason.REBOOKED) return;
    const known = await findMeeting(tx, c.bookingId);
    if (known?.status === 'cancelled') return;
    const facts: NotificationFacts = known?.facts ?? { conversationType: c.conversationType, startsAt: c.startsAt };
    const sequence = (known?.sequence ?? 0) + 1;
    const uid = known?.uid ?? meetingUid(c.bookingId);
    await markMeetingCancelled(tx, c.bookingId, sequence);
    if (isAkasseMeeting(c.conversationType)) return;
    await scheduleNow(tx, event, now, {
      ...subjectOf(c),
      kind: NotificationKind.BOOKING_CANCELLED,
      template: 'booking-cancelled',
      facts,
      calendar: { method: 'CANCEL', uid, sequence },
    });
  }
}

/**
 * A booked or rebooked meeting: recorded under its calendar UID and SEQUENCE, a receipt with the invitation (not
 * for a meeting the a-kasse holds: it invites itself) and a reminder before it (none for a meeting less than the
 * reminder's hours ahead: the receipt is the reminder).
 */
async function announceMeeting(
  tx: EntityManager,
  event: EventEnvelope<BookingBookedData>,
  m: Pick<Meeting, 'bookingId' | 'uid' | 'sequence'>,
  receipt: 'booking-receipt' | 'booking-rebooked',
  policy: ReminderPolicy,
  now: Date,
): Promise<void> {
  const b = event.data;
  const facts = meetingFacts(b);
  await saveMeeting(tx, { bookingId: m.bookingId, citizenId: b.citizenId, uid: m.uid, sequence: m.sequence, facts });
  const meeting = { ...subjectOf(b), facts };
  if (!isAkasseMeeting(b.conversationType)) {
    await scheduleNow(tx, event, now, {
      ...meeting,
      kind: NotificationKind.BOOKING_RECEIPT,
      template: receipt,
      calendar: { method: 'REQUEST', uid: m.uid, sequence: m.sequence },
    });
  }
  const dueAt = new Date(new Date(b.startsAt).getTime() - policy.meetingReminderHours * 3_600_000);
  if (dueAt <= now) return;
  await schedule(tx, event, {
    ...meeting,
    dedupeKey: `booking:${b.bookingId}:meeting-reminder`,
    kind: NotificationKind.MEETING_REMINDER,
    template: 'meeting-reminder',
    dueAt,
  });
}

// ── shared ─────────────────────────────────

async function schedule(tx: EntityManager, cause: EventEnvelope, n: ScheduledMessage): Promise<void> {
  await insertNotification(tx, {
    ...n,
    id: randomUUID(),
    sourceEventId: cause.id,
    correlationId: cause.correlationId,
    // a reminder's moment is its due time; any other message's, its cause's (measured to its send)
    occurredAt: REMINDERS.has(n.kind) ? n.dueAt : cause.occurredAt,
    traceparent: currentContext()?.traceparent ?? null,
  });
  if (tx.queryRunner?.isTransactionActive) tx.queryRunner.data[NOTIFICATION_SCHEDULED] = true;
}

/** The message an event causes at once: one per event and template. */
async function scheduleNow(
  tx: EntityManager,
  cause: EventEnvelope,
  now: Date,
  n: Omit<ScheduledMessage, 'dedupeKey' | 'dueAt'>,
): Promise<void> {
  await schedule(tx, cause, { ...n, dedupeKey: `event:${cause.id}:${n.template}`, dueAt: now });
}

type MessageSubject = Pick<NewNotification, 'citizenId' | 'jobcenterCode' | 'deadlineId' | 'bookingId'>;

/** Whom a message is for (the citizen, through their jobcenter) and the deadline or booking it is about. */
function subjectOf(data: MessageSubject): MessageSubject {
  const { citizenId, jobcenterCode, deadlineId, bookingId } = data;
  return { citizenId, jobcenterCode, deadlineId, bookingId };
}

function meetingFacts(b: BookingBookedData): NotificationFacts {
  return {
    conversationType: b.conversationType,
    startsAt: b.startsAt,
    endsAt: b.endsAt,
    location: b.location,
    format: b.format,
    ...(b.akasseId ? { akasseId: b.akasseId } : {}),
    ...(b.rebookingAllowed !== undefined ? { rebookingAllowed: b.rebookingAllowed } : {}),
    ...(b.rebookableUntil ? { rebookableUntil: b.rebookableUntil } : {}),
  };
}

/** The use cases above, in their order. */
export const RECORD_EVENT_USE_CASES = [
  SaveContactDetailsUseCase,
  NotifyDeadlineGivenUseCase,
  NotifyDeadlineReopenedUseCase,
  CancelDeadlineRemindersUseCase,
  NotifyDeadlineMissedUseCase,
  NotifyBookingUseCase,
  NotifyRebookingUseCase,
  NotifyCancellationUseCase,
];
