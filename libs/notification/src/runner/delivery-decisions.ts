/**
 * What the delivery runner decides, as pure functions of the rows it claimed and the clock: which
 * deliveries a due notification gets, what an attempt's outcome is before and after the channel is
 * called, which event an outcome publishes, and the message a delivery renders to.
 */
import {
  createEvent,
  EventEnvelope,
  Language,
  NotificationChannel,
  NotificationFailedEvent,
  NotificationKind,
  NotificationNoDigitalContactEvent,
  NotificationSentEvent,
} from '@selvbook/contracts';
import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '../channels/channel';
import { channelsFor, ContactPreferences } from '../domain/channel-policy';
import { buildIcs } from '../domain/ics';
import { QuietHours, smsAllowedFrom } from '../domain/quiet-hours';
import { reminderExpired } from '../domain/reminder-expiry';
import { renderTemplate, templateFields } from '../domain/templates';
import type { DeliveryOutcome, DueDelivery, DueNotification, NewDelivery } from '../persistence/notification-store';

export const NOTIFICATION_SOURCE = 'notification-service';

export interface RetryPolicy {
  /** first retry after this long; doubled per attempt */
  baseMs: number;
  maxMs: number;
  /** attempts in all (the first included) before a transient failure becomes permanent */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 8 };

export function backoffMs(attempts: number, retry: RetryPolicy): number {
  return Math.min(retry.maxMs, retry.baseMs * 2 ** Math.max(0, attempts - 1));
}

/** What a batch of due notifications comes to. */
export interface Plan {
  deliveries: NewDelivery[];
  /** got deliveries */
  planned: string[];
  /** no digital contact: no deliveries */
  noContact: string[];
  /** contact details not here yet: looked at again later */
  waiting: string[];
  /** reminders come due too late to remind of anything */
  expired: string[];
  events: EventEnvelope[];
}

/**
 * Expands due notifications into one delivery per channel from the citizen's current contact details. A
 * citizen with no digital contact gets none, and `notification.no-digital-contact` goes to the jobcenter;
 * one whose details have not arrived yet waits up to `contactWaitMs` for them. A reminder due after its
 * meeting began or its deadline day ended is expired instead.
 */
export function planNotifications(
  due: DueNotification[],
  asOf: Date,
  options: { contactWaitMs: number; quietHours: QuietHours },
): Plan {
  const plan: Plan = { deliveries: [], planned: [], noContact: [], waiting: [], expired: [], events: [] };
  for (const n of due) {
    if (reminderExpired(n.kind, n.facts, asOf)) {
      plan.expired.push(n.id);
      continue;
    }
    if (n.digitalPostEnabled === null) {
      // Contact details not here yet (the citizen topic is another topic): wait a while, then tell the jobcenter.
      if (asOf.getTime() - new Date(n.createdAt).getTime() < options.contactWaitMs) {
        plan.waiting.push(n.id);
        continue;
      }
    }
    const contact: ContactPreferences = {
      email: n.email,
      phone: n.phone,
      digitalPostEnabled: n.digitalPostEnabled ?? false,
      language: n.language ?? Language.DA,
    };
    const channels = n.digitalPostEnabled === null ? [] : channelsFor(n.kind, contact);
    if (channels.length === 0) {
      plan.noContact.push(n.id);
      // Reminders add nothing for the jobcenter: it was told when the deadline or meeting itself was.
      if (n.kind !== NotificationKind.DEADLINE_REMINDER && n.kind !== NotificationKind.MEETING_REMINDER) {
        plan.events.push(
          createEvent(
            NotificationNoDigitalContactEvent,
            {
              citizenId: n.citizenId,
              jobcenterCode: n.jobcenterCode,
              kind: n.kind,
              ...(n.deadlineId ? { deadlineId: n.deadlineId } : {}),
              ...(n.bookingId ? { bookingId: n.bookingId } : {}),
            },
            { subject: n.citizenId, source: NOTIFICATION_SOURCE, occurredAt: asOf, ...causationOf(n) },
          ),
        );
      }
      continue;
    }
    plan.planned.push(n.id);
    for (const channel of channels) {
      const recipient =
        channel === NotificationChannel.EMAIL
          ? contact.email!
          : channel === NotificationChannel.SMS
            ? contact.phone!
            : n.citizenId;
      const nextAttemptAt = channel === NotificationChannel.SMS ? smsAllowedFrom(asOf, options.quietHours) : asOf;
      plan.deliveries.push({ id: randomUUID(), notificationId: n.id, channel, recipient, nextAttemptAt });
    }
  }
  return plan;
}

/**
 * The outcome of a delivery that is not to be sent now, or null to send it: a reminder held back by
 * retries past its point is cancelled (as the plan step expires one due that late); an SMS in quiet hours
 * is deferred to the morning, no attempt counted.
 */
export function outcomeBeforeSending(d: DueDelivery, asOf: Date, quietHours: QuietHours): DeliveryOutcome | null {
  const keep = { id: d.id, providerId: null, sentAt: null };
  if (reminderExpired(d.kind, d.facts, asOf)) {
    return {
      ...keep,
      status: 'cancelled',
      attempts: d.attempts,
      nextAttemptAt: null,
      lastError: 'expired: the meeting began or the deadline day ended',
    };
  }
  if (d.channel === NotificationChannel.SMS) {
    const allowed = smsAllowedFrom(asOf, quietHours);
    if (allowed > asOf)
      return {
        ...keep,
        status: 'pending',
        attempts: d.attempts,
        nextAttemptAt: allowed,
        lastError: 'deferred: quiet hours',
      };
  }
  return null;
}

/** A failed attempt: retried with exponential backoff, or failed for good when permanent or the last one allowed. */
export function failedAttempt(
  d: DueDelivery,
  attempts: number,
  message: string,
  permanent: boolean,
  asOf: Date,
  retry: RetryPolicy,
): DeliveryOutcome {
  const keep = { id: d.id, providerId: null, sentAt: null };
  return permanent || attempts >= retry.maxAttempts
    ? { ...keep, status: 'failed', attempts, nextAttemptAt: null, lastError: message }
    : {
        ...keep,
        status: 'pending',
        attempts,
        nextAttemptAt: new Date(asOf.getTime() + backoffMs(attempts, retry)),
        lastError: message,
      };
}

/** The event an outcome publishes: `notification.sent`, or `notification.failed` for good; none for the rest. */
export function outcomeEvent(d: DueDelivery, o: DeliveryOutcome, asOf: Date): EventEnvelope | null {
  if (o.status !== 'sent' && o.status !== 'failed') return null;
  const base = {
    citizenId: d.citizenId,
    notificationId: d.notificationId,
    kind: d.kind,
    channel: d.channel,
    ...(d.deadlineId ? { deadlineId: d.deadlineId } : {}),
    ...(d.bookingId ? { bookingId: d.bookingId } : {}),
  };
  const meta = { subject: d.citizenId, source: NOTIFICATION_SOURCE, occurredAt: asOf, ...causationOf(d) };
  return o.status === 'sent'
    ? createEvent(NotificationSentEvent, base, meta)
    : createEvent(
        NotificationFailedEvent,
        { ...base, error: o.lastError ?? 'failed', attempts: Math.max(1, o.attempts), permanent: true },
        meta,
      );
}

/**
 * The message a delivery sends: its template rendered in the citizen's language (a template missing a field
 * throws MissingTemplateFieldError: nothing broken is sent), with a calendar invitation or cancellation
 * for a meeting sent by e-mail or digital post.
 */
export function composeMessage(
  d: DueDelivery,
  asOf: Date,
  options: { bookingUrl: string; organizer: { email: string; name: string } },
): OutgoingMessage {
  const language = d.language ?? Language.DA;
  const fields = templateFields(d.facts, language, options.bookingUrl, d.jobcenterCode);
  const rendered = renderTemplate(d.template, language, fields);
  let calendar: OutgoingMessage['calendar'];
  if (d.calendar && d.channel !== NotificationChannel.SMS) {
    const startsAt = new Date(d.facts.startsAt!);
    const endsAt = d.facts.endsAt ? new Date(d.facts.endsAt) : new Date(startsAt.getTime() + 3_600_000);
    calendar = {
      method: d.calendar.method,
      filename: d.calendar.method === 'CANCEL' ? 'aflysning.ics' : 'samtale.ics',
      content: buildIcs({
        method: d.calendar.method,
        uid: d.calendar.uid,
        sequence: d.calendar.sequence,
        startsAt,
        endsAt,
        stamp: asOf,
        summary: capitalised(fields.conversation!),
        description: rendered.text,
        location: fields.placeShort ?? d.facts.location ?? '',
        organizerEmail: options.organizer.email,
        organizerName: options.organizer.name,
        ...(d.channel === NotificationChannel.EMAIL ? { attendeeEmail: d.recipient } : {}),
      }),
    };
  }
  return {
    deliveryId: d.id,
    citizenId: d.citizenId,
    to: d.recipient,
    language,
    ...rendered,
    ...(calendar ? { calendar } : {}),
  };
}

function causationOf(n: { sourceEventId: string | null; correlationId: string | null }): {
  correlationId?: string;
  causationId?: string;
} {
  return {
    ...(n.correlationId ? { correlationId: n.correlationId } : {}),
    ...(n.sourceEventId ? { causationId: n.sourceEventId } : {}),
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
