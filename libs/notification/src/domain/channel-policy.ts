import { ConversationType, Language, NotificationChannel, NotificationKind } from '@selvbook/contracts';

/** What this service keeps about how to reach a citizen (from citizen.registered / contact-details-changed). */
export interface ContactPreferences {
  email?: string | null;
  phone?: string | null;
  digitalPostEnabled: boolean;
  language: Language;
}

/** Kinds that are time-critical: an SMS goes out as well as the long message. */
const TIME_CRITICAL = new Set<NotificationKind>([
  NotificationKind.DEADLINE_REMINDER,
  NotificationKind.MEETING_REMINDER,
  NotificationKind.DEADLINE_MISSED,
]);
/** Kinds that carry a calendar file: e-mail first (RULES §5: receipts go by e-mail). */
const CALENDAR = new Set<NotificationKind>([NotificationKind.BOOKING_RECEIPT, NotificationKind.BOOKING_CANCELLED]);

/**
 * The channels a message goes to:
 * - one long message: Digital Post when the citizen has it (the official mailbox), else e-mail; for receipts
 *   and cancellations (calendar file) e-mail first, else Digital Post;
 * - plus an SMS for time-critical kinds (reminders, deadline missed), or as the only channel when the citizen
 *   has nothing else;
 * - none at all: the citizen has no digital contact (the jobcenter is told and writes by letter).
 */
export function channelsFor(kind: NotificationKind, contact: ContactPreferences): NotificationChannel[] {
  const long: NotificationChannel[] = [];
  const hasEmail = !!contact.email;
  const hasDigitalPost = contact.digitalPostEnabled;
  if (CALENDAR.has(kind)) {
    if (hasEmail) long.push(NotificationChannel.EMAIL);
    else if (hasDigitalPost) long.push(NotificationChannel.DIGITAL_POST);
  } else if (hasDigitalPost) long.push(NotificationChannel.DIGITAL_POST);
  else if (hasEmail) long.push(NotificationChannel.EMAIL);
  const sms = !!contact.phone && (TIME_CRITICAL.has(kind) || long.length === 0);
  return sms ? [...long, NotificationChannel.SMS] : long;
}

/**
 * RULES §5 [F:S24]: receipts go to the citizen when a meeting is created or changed by the jobcenter, a
 * planner or self-booking, not for a-kasse meetings (CV-samtale, rådighedssamtale).
 */
export function isAkasseMeeting(conversationType: number): boolean {
  return (
    conversationType === ConversationType.CV_CONVERSATION ||
    conversationType === ConversationType.AVAILABILITY_CONVERSATION
  );
}
