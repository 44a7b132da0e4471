import {
  ConversationType,
  EventEnvelope,
  Language,
  looksLikeCpr,
  MeetingFormat,
  MissedDeadlineConsequence,
  NotificationChannel,
  NotificationFailedEvent,
  NotificationKind,
  NotificationNoDigitalContactEvent,
  NotificationSentEvent,
} from '@selvbook/contracts';
import { DEFAULT_QUIET_HOURS } from '../domain/quiet-hours';
import { MissingTemplateFieldError, NotificationFacts, TEMPLATE_IDS, TemplateId } from '../domain/templates';
import type { DeliveryOutcome, DueDelivery, DueNotification } from '../persistence/notification-store';
import {
  backoffMs,
  composeMessage,
  DEFAULT_RETRY_POLICY,
  failedAttempt,
  NOTIFICATION_SOURCE,
  outcomeBeforeSending,
  outcomeEvent,
  planNotifications,
  RetryPolicy,
} from './delivery-decisions';

const CITIZEN = '5f0c7a3e-2b1d-4c8e-9a6f-1e2d3c4b5a69';
const NOTIFICATION = '0b6f3c1a-7d2e-4f5a-8b9c-2d3e4f5a6b7c';
const DELIVERY = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const DEADLINE = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const BOOKING = 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9';
const SOURCE_EVENT = '3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d';
const CORRELATION = '7d6c5b4a-3f2e-4d1c-9b0a-f9e8d7c6b5a4';
const EMAIL = 'borger@example.dk';
const PHONE = '+4512345678';

/** 12:00 in Copenhagen (CEST): SMS allowed. */
const NOON = new Date('2026-04-01T10:00:00Z');
/** 23:30 in Copenhagen: quiet hours, SMS waits for 07:00 local the next morning. */
const NIGHT = new Date('2026-04-01T21:30:00Z');
const NEXT_MORNING = new Date('2026-04-02T05:00:00Z');
const HOUR = 3_600_000;
const PLAN_OPTIONS = { contactWaitMs: HOUR, quietHours: DEFAULT_QUIET_HOURS };
const COMPOSE_OPTIONS = {
  bookingUrl: 'https://jobnet.dk/selvbook',
  organizer: { email: 'noreply@selvbook.dk', name: 'Selvbook' },
};

const DEADLINE_FACTS: NotificationFacts = {
  conversationType: ConversationType.JOB_CONVERSATION,
  deadlineDate: '2026-04-10',
  latestMeetingDate: '2026-04-24',
};
const MEETING_FACTS: NotificationFacts = {
  conversationType: ConversationType.JOB_CONVERSATION,
  startsAt: '2026-04-02T08:00:00Z',
  endsAt: '2026-04-02T08:30:00Z',
  location: 'Jobcenter København, Kalvebod Brygge 45',
  format: MeetingFormat.IN_PERSON,
};

function notification(over: Partial<DueNotification> = {}): DueNotification {
  return {
    id: NOTIFICATION,
    citizenId: CITIZEN,
    jobcenterCode: '10101',
    kind: NotificationKind.DEADLINE_GIVEN,
    deadlineId: DEADLINE,
    bookingId: null,
    createdAt: new Date(NOON.getTime() - 5 * 60_000),
    sourceEventId: SOURCE_EVENT,
    correlationId: CORRELATION,
    email: EMAIL,
    phone: PHONE,
    digitalPostEnabled: true,
    language: Language.DA,
    facts: DEADLINE_FACTS,
    ...over,
  };
}

function delivery(over: Partial<DueDelivery> = {}): DueDelivery {
  return {
    id: DELIVERY,
    notificationId: NOTIFICATION,
    channel: NotificationChannel.EMAIL,
    recipient: EMAIL,
    attempts: 0,
    citizenId: CITIZEN,
    jobcenterCode: '10101',
    kind: NotificationKind.BOOKING_RECEIPT,
    template: 'booking-receipt',
    deadlineId: null,
    bookingId: BOOKING,
    facts: MEETING_FACTS,
    calendar: { method: 'REQUEST', uid: `booking-${BOOKING}@selvbook.dk`, sequence: 1 },
    sourceEventId: SOURCE_EVENT,
    correlationId: CORRELATION,
    language: Language.DA,
    occurredAt: null,
    traceparent: null,
    ...over,
  };
}

function outcome(over: Partial<DeliveryOutcome>): DeliveryOutcome {
  return {
    id: DELIVERY,
    status: 'sent',
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
    providerId: null,
    sentAt: NOON,
    ...over,
  };
}

/** An iCalendar text with its folded lines joined again. */
const unfolded = (ics: string) => ics.replace(/\r\n /g, '');

describe('planNotifications', () => {
  it('one delivery per channel: Digital Post to the citizenId, e-mail and SMS to the contact details', () => {
    const reminder = notification({ kind: NotificationKind.DEADLINE_REMINDER });
    const plan = planNotifications([reminder], NOON, PLAN_OPTIONS);
    expect(plan).toMatchObject({ planned: [NOTIFICATION], noContact: [], waiting: [], expired: [], events: [] });
    expect(plan.deliveries.map((d) => [d.channel, d.recipient, d.nextAttemptAt, d.notificationId])).toEqual([
      [NotificationChannel.DIGITAL_POST, CITIZEN, NOON, NOTIFICATION],
      [NotificationChannel.SMS, PHONE, NOON, NOTIFICATION],
    ]);

    const receipt = planNotifications(
      [notification({ kind: NotificationKind.BOOKING_RECEIPT, facts: MEETING_FACTS })],
      NOON,
      PLAN_OPTIONS,
    );
    expect(receipt.deliveries.map((d) => [d.channel, d.recipient])).toEqual([[NotificationChannel.EMAIL, EMAIL]]);
  });

  it('an SMS planned in quiet hours is due at 07:00 local; the long message goes at once', () => {
    const plan = planNotifications([notification({ kind: NotificationKind.DEADLINE_MISSED })], NIGHT, PLAN_OPTIONS);
    expect(plan.deliveries.map((d) => [d.channel, d.nextAttemptAt.toISOString()])).toEqual([
      [NotificationChannel.DIGITAL_POST, NIGHT.toISOString()],
      [NotificationChannel.SMS, NEXT_MORNING.toISOString()],
    ]);
  });

  it('gives every delivery its own id', () => {
    const due = [
      notification({ id: 'a0000000-0000-4000-8000-000000000001', kind: NotificationKind.DEADLINE_REMINDER }),
      notification({
        id: 'a0000000-0000-4000-8000-000000000002',
        kind: NotificationKind.MEETING_REMINDER,
        facts: MEETING_FACTS,
      }),
    ];
    const ids = planNotifications(due, NOON, PLAN_OPTIONS).deliveries.map((d) => d.id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  it('waits up to contactWaitMs for contact details, then tells the jobcenter there is no digital contact', () => {
    const noDetails = { digitalPostEnabled: null, email: null, phone: null, language: null };
    const young = notification({ ...noDetails, createdAt: new Date(NOON.getTime() - HOUR + 1) });
    expect(planNotifications([young], NOON, PLAN_OPTIONS)).toMatchObject({
      waiting: [NOTIFICATION],
      planned: [],
      noContact: [],
      deliveries: [],
      events: [],
    });

    const old = notification({ ...noDetails, createdAt: new Date(NOON.getTime() - HOUR) });
    const plan = planNotifications([old], NOON, PLAN_OPTIONS);
    expect(plan).toMatchObject({ waiting: [], planned: [], noContact: [NOTIFICATION], deliveries: [] });
    expect(plan.events).toHaveLength(1);
    const [event] = plan.events;
    expect(event).toMatchObject({
      type: NotificationNoDigitalContactEvent.type,
      subject: CITIZEN,
      source: NOTIFICATION_SOURCE,
      occurredAt: NOON.toISOString(),
      correlationId: CORRELATION,
      causationId: SOURCE_EVENT,
    });
    expect(event.data).toEqual({
      citizenId: CITIZEN,
      jobcenterCode: '10101',
      kind: NotificationKind.DEADLINE_GIVEN,
      deadlineId: DEADLINE,
    });
  });

  it('no digital contact: no deliveries; the jobcenter is told, except of reminders', () => {
    const none = { digitalPostEnabled: false, email: null, phone: null };
    const cancelled = notification({
      ...none,
      kind: NotificationKind.BOOKING_CANCELLED,
      deadlineId: null,
      bookingId: BOOKING,
      facts: MEETING_FACTS,
    });
    const plan = planNotifications([cancelled], NOON, PLAN_OPTIONS);
    expect(plan).toMatchObject({ noContact: [NOTIFICATION], planned: [], deliveries: [] });
    expect(plan.events.map((e) => e.data)).toEqual([
      { citizenId: CITIZEN, jobcenterCode: '10101', kind: NotificationKind.BOOKING_CANCELLED, bookingId: BOOKING },
    ]);

    for (const kind of [NotificationKind.DEADLINE_REMINDER, NotificationKind.MEETING_REMINDER]) {
      const reminder = planNotifications(
        [notification({ ...none, kind, facts: { ...DEADLINE_FACTS, ...MEETING_FACTS } })],
        NOON,
        PLAN_OPTIONS,
      );
      expect(reminder).toMatchObject({ noContact: [NOTIFICATION], deliveries: [], events: [] });
    }
  });

  it('a phone alone is enough: the SMS is the only channel', () => {
    const plan = planNotifications([notification({ digitalPostEnabled: false, email: null })], NOON, PLAN_OPTIONS);
    expect(plan.planned).toEqual([NOTIFICATION]);
    expect(plan.deliveries.map((d) => [d.channel, d.recipient])).toEqual([[NotificationChannel.SMS, PHONE]]);
    expect(plan.events).toEqual([]);
  });

  it('an event without a cause starts its own flow', () => {
    const plan = planNotifications(
      [notification({ digitalPostEnabled: false, email: null, phone: null, sourceEventId: null, correlationId: null })],
      NOON,
      PLAN_OPTIONS,
    );
    const [event] = plan.events;
    expect(event.correlationId).toBe(event.id);
    expect(event.causationId).toBeNull();
  });

  it('expires a reminder due after its meeting began or its deadline day ended; on the day it still serves', () => {
    const meeting = notification({
      kind: NotificationKind.MEETING_REMINDER,
      facts: { ...MEETING_FACTS, startsAt: NOON.toISOString() },
    });
    expect(planNotifications([meeting], NOON, PLAN_OPTIONS)).toMatchObject({
      expired: [NOTIFICATION],
      planned: [],
      deliveries: [],
      events: [],
    });

    const deadline = (deadlineDate: string) =>
      notification({ kind: NotificationKind.DEADLINE_REMINDER, facts: { ...DEADLINE_FACTS, deadlineDate } });
    expect(planNotifications([deadline('2026-03-31')], NOON, PLAN_OPTIONS)).toMatchObject({
      expired: [NOTIFICATION],
      deliveries: [],
    });
    expect(planNotifications([deadline('2026-04-01')], NOON, PLAN_OPTIONS)).toMatchObject({
      expired: [],
      planned: [NOTIFICATION],
    });
    // Other kinds inform whenever they arrive.
    const missed = notification({
      kind: NotificationKind.DEADLINE_MISSED,
      facts: { ...DEADLINE_FACTS, deadlineDate: '2026-03-01' },
    });
    expect(planNotifications([missed], NOON, PLAN_OPTIONS).planned).toEqual([NOTIFICATION]);
  });
});

describe('outcomeBeforeSending', () => {
  it('sends now: a long message at night, an SMS by day', () => {
    expect(outcomeBeforeSending(delivery(), NIGHT, DEFAULT_QUIET_HOURS)).toBeNull();
    expect(
      outcomeBeforeSending(delivery({ channel: NotificationChannel.SMS, recipient: PHONE }), NOON, DEFAULT_QUIET_HOURS),
    ).toBeNull();
  });

  it('defers an SMS in quiet hours to 07:00 local without counting an attempt', () => {
    const sms = delivery({ channel: NotificationChannel.SMS, recipient: PHONE, attempts: 2 });
    expect(outcomeBeforeSending(sms, NIGHT, DEFAULT_QUIET_HOURS)).toEqual({
      id: DELIVERY,
      status: 'pending',
      attempts: 2,
      nextAttemptAt: NEXT_MORNING,
      lastError: 'deferred: quiet hours',
      providerId: null,
      sentAt: null,
    });
  });

  it('cancels a reminder held back past its point, before anything else (even quiet hours)', () => {
    const late = delivery({
      kind: NotificationKind.MEETING_REMINDER,
      template: 'meeting-reminder',
      channel: NotificationChannel.SMS,
      recipient: PHONE,
      attempts: 3,
      facts: { ...MEETING_FACTS, startsAt: '2026-04-01T20:00:00Z' },
    });
    expect(outcomeBeforeSending(late, NIGHT, DEFAULT_QUIET_HOURS)).toMatchObject({
      status: 'cancelled',
      attempts: 3,
      nextAttemptAt: null,
      lastError: expect.stringMatching(/^expired/),
    });
    const deadline = (deadlineDate: string) =>
      delivery({
        kind: NotificationKind.DEADLINE_REMINDER,
        template: 'deadline-reminder',
        calendar: null,
        facts: { ...DEADLINE_FACTS, deadlineDate },
      });
    expect(outcomeBeforeSending(deadline('2026-04-01'), NOON, DEFAULT_QUIET_HOURS)).toBeNull();
    expect(outcomeBeforeSending(deadline('2026-03-31'), NOON, DEFAULT_QUIET_HOURS)?.status).toBe('cancelled');
  });
});

describe('retries', () => {
  it('backs off exponentially from baseMs, capped at maxMs', () => {
    const seconds = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => backoffMs(n, DEFAULT_RETRY_POLICY) / 1000);
    expect(seconds).toEqual([30, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });

  it('retries a transient failure until maxAttempts, then fails it for good', () => {
    let attempts = 0;
    let at = NOON;
    const schedule: { status: string; waitS: number | null }[] = [];
    for (;;) {
      attempts++;
      const o = failedAttempt(
        delivery({ attempts: attempts - 1 }),
        attempts,
        'SMTP 451 try later',
        false,
        at,
        DEFAULT_RETRY_POLICY,
      );
      expect(o).toMatchObject({
        id: DELIVERY,
        attempts,
        lastError: 'SMTP 451 try later',
        providerId: null,
        sentAt: null,
      });
      schedule.push({ status: o.status, waitS: o.nextAttemptAt && (o.nextAttemptAt.getTime() - at.getTime()) / 1000 });
      if (!o.nextAttemptAt) break;
      at = o.nextAttemptAt;
    }
    expect(attempts).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(schedule).toEqual([
      ...[30, 60, 120, 240, 480, 960, 1920].map((waitS) => ({ status: 'pending', waitS })),
      { status: 'failed', waitS: null },
    ]);
    expect((at.getTime() - NOON.getTime()) / 1000).toBe(3810); // 63.5 minutes from the first attempt to the last
  });

  it('fails a permanent failure at once', () => {
    expect(failedAttempt(delivery(), 1, 'SMTP 550 no such user', true, NOON, DEFAULT_RETRY_POLICY)).toEqual({
      id: DELIVERY,
      status: 'failed',
      attempts: 1,
      nextAttemptAt: null,
      lastError: 'SMTP 550 no such user',
      providerId: null,
      sentAt: null,
    });
  });

  it('follows the policy it is given', () => {
    const policy: RetryPolicy = { baseMs: 1000, maxMs: 1500, maxAttempts: 3 };
    const next = (attempts: number) => failedAttempt(delivery(), attempts, 'timeout', false, NOON, policy);
    expect(next(1)).toMatchObject({ status: 'pending', nextAttemptAt: new Date(NOON.getTime() + 1000) });
    expect(next(2)).toMatchObject({ status: 'pending', nextAttemptAt: new Date(NOON.getTime() + 1500) });
    expect(next(3)).toMatchObject({ status: 'failed', nextAttemptAt: null });
  });
});

describe('outcomeEvent', () => {
  const envelope = {
    subject: CITIZEN,
    source: NOTIFICATION_SOURCE,
    occurredAt: NOON.toISOString(),
    correlationId: CORRELATION,
    causationId: SOURCE_EVENT,
  };
  /** What an event of the default delivery (a receipt, by email) says of it. */
  const receiptByEmail = {
    citizenId: CITIZEN,
    notificationId: NOTIFICATION,
    kind: NotificationKind.BOOKING_RECEIPT,
    channel: NotificationChannel.EMAIL,
    bookingId: BOOKING,
  };

  it('a sent delivery publishes notification.sent, naming its booking (or deadline) only when it has one', () => {
    const event = outcomeEvent(delivery(), outcome({ status: 'sent' }), NOON) as EventEnvelope;
    expect(event).toMatchObject({ type: NotificationSentEvent.type, ...envelope });
    expect(event.data).toEqual(receiptByEmail);
    const forDeadline = delivery({
      kind: NotificationKind.DEADLINE_GIVEN,
      channel: NotificationChannel.SMS,
      deadlineId: DEADLINE,
      bookingId: null,
    });
    expect(outcomeEvent(forDeadline, outcome({ status: 'sent' }), NOON)?.data).toEqual({
      citizenId: CITIZEN,
      notificationId: NOTIFICATION,
      kind: NotificationKind.DEADLINE_GIVEN,
      channel: NotificationChannel.SMS,
      deadlineId: DEADLINE,
    });
  });

  it('a delivery failed for good publishes notification.failed with the error and its attempts', () => {
    const event = outcomeEvent(
      delivery(),
      outcome({ status: 'failed', attempts: 8, lastError: 'SMTP 451 try later', sentAt: null }),
      NOON,
    ) as EventEnvelope;
    expect(event).toMatchObject({ type: NotificationFailedEvent.type, ...envelope });
    expect(event.data).toEqual({
      ...receiptByEmail,
      error: 'SMTP 451 try later',
      attempts: 8,
      permanent: true,
    });
    // The contract wants an error and at least one attempt.
    const bare = outcomeEvent(
      delivery(),
      outcome({ status: 'failed', attempts: 0, lastError: null, sentAt: null }),
      NOON,
    );
    expect(bare?.data).toMatchObject({ error: 'failed', attempts: 1 });
  });

  it('retried, deferred and cancelled deliveries publish nothing', () => {
    expect(
      outcomeEvent(delivery(), outcome({ status: 'pending', attempts: 1, nextAttemptAt: NIGHT, lastError: 'x' }), NOON),
    ).toBeNull();
    expect(
      outcomeEvent(delivery(), outcome({ status: 'pending', attempts: 0, nextAttemptAt: NEXT_MORNING }), NOON),
    ).toBeNull();
    expect(
      outcomeEvent(delivery(), outcome({ status: 'cancelled', attempts: 0, lastError: 'expired' }), NOON),
    ).toBeNull();
  });
});

describe('composeMessage', () => {
  /** Each template with the kind, facts and calendar the recorder stores it with. */
  const BY_TEMPLATE: Record<TemplateId, Partial<DueDelivery>> = {
    'deadline-given': { kind: NotificationKind.DEADLINE_GIVEN, facts: DEADLINE_FACTS, calendar: null },
    'deadline-reminder': { kind: NotificationKind.DEADLINE_REMINDER, facts: DEADLINE_FACTS, calendar: null },
    'booking-receipt': {
      kind: NotificationKind.BOOKING_RECEIPT,
      facts: { ...MEETING_FACTS, rebookingAllowed: true, rebookableUntil: '2026-04-02T06:00:00Z' },
    },
    'booking-rebooked': {
      kind: NotificationKind.BOOKING_RECEIPT,
      facts: { ...MEETING_FACTS, format: MeetingFormat.PHONE },
    },
    'booking-cancelled': {
      kind: NotificationKind.BOOKING_CANCELLED,
      facts: {
        conversationType: ConversationType.JOINT_CONVERSATION,
        startsAt: MEETING_FACTS.startsAt,
        akasseId: 'ca',
      },
      calendar: { method: 'CANCEL', uid: `booking-${BOOKING}@selvbook.dk`, sequence: 2 },
    },
    'meeting-reminder': {
      kind: NotificationKind.MEETING_REMINDER,
      facts: { ...MEETING_FACTS, format: MeetingFormat.VIDEO, location: 'https://video.kk.dk/m/1' },
      calendar: null,
    },
    'deadline-missed': {
      kind: NotificationKind.DEADLINE_MISSED,
      facts: {
        ...DEADLINE_FACTS,
        consequence: MissedDeadlineConsequence.DEREGISTRATION,
        deregisteredFrom: '2026-04-11',
      },
      calendar: null,
    },
  };
  const cases = TEMPLATE_IDS.flatMap((template) =>
    [NotificationChannel.EMAIL, NotificationChannel.DIGITAL_POST, NotificationChannel.SMS].flatMap((channel) =>
      [Language.DA, Language.EN].map((language) => [template, channel, language] as const),
    ),
  );

  it.each(cases)(
    '%s by %s (%s): every part filled, addressed to the delivery, nothing CPR-shaped',
    (template, channel, language) => {
      const recipient =
        channel === NotificationChannel.EMAIL ? EMAIL : channel === NotificationChannel.SMS ? PHONE : CITIZEN;
      const message = composeMessage(
        delivery({ ...BY_TEMPLATE[template], template, channel, recipient, language }),
        NOON,
        COMPOSE_OPTIONS,
      );
      expect(message).toMatchObject({ deliveryId: DELIVERY, citizenId: CITIZEN, to: recipient, language });
      for (const part of [message.subject, message.text, message.html, message.sms]) {
        expect(part).not.toMatch(/\{\{|\}\}|undefined|null|NaN/);
        expect(looksLikeCpr(part)).toBe(false);
      }
      if (message.calendar) expect(looksLikeCpr(message.calendar.content)).toBe(false);
    },
  );

  it("renders in the citizen's language, Danish when it is not known", () => {
    const da = composeMessage(delivery({ language: null }), NOON, COMPOSE_OPTIONS);
    expect(da.language).toBe(Language.DA);
    expect(da.subject).toBe('Kvittering: jobsamtale torsdag den 2. april 2026 kl. 10.00');
    expect(da.text).toMatch(/Venlig hilsen\nJobcenter København$/);
    const en = composeMessage(delivery({ language: Language.EN }), NOON, COMPOSE_OPTIONS);
    expect(en.language).toBe(Language.EN);
    expect(en.subject).not.toBe(da.subject);
    expect(en.text).toMatch(/Kind regards\nJobcenter København$/);
  });

  it('a receipt by e-mail carries an invitation with the meeting, its place and the citizen as attendee', () => {
    const message = composeMessage(delivery(), NOON, COMPOSE_OPTIONS);
    expect(message.calendar).toMatchObject({ method: 'REQUEST', filename: 'samtale.ics' });
    const ics = unfolded(message.calendar!.content);
    expect(ics).toContain('METHOD:REQUEST\r\n');
    expect(ics).toContain(`UID:booking-${BOOKING}@selvbook.dk\r\n`);
    expect(ics).toContain('SEQUENCE:1\r\n');
    expect(ics).toContain('DTSTAMP:20260401T100000Z\r\n');
    expect(ics).toContain('DTSTART:20260402T080000Z\r\nDTEND:20260402T083000Z\r\n');
    expect(ics).toContain('SUMMARY:Jobsamtale\r\n');
    expect(ics).toContain('LOCATION:Jobcenter København\\, Kalvebod Brygge 45\r\n');
    expect(ics).toContain('ORGANIZER;CN="Selvbook":mailto:noreply@selvbook.dk\r\n');
    expect(ics).toContain(`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:${EMAIL}\r\n`);
  });

  it('by Digital Post the invitation names no attendee; an SMS carries none', () => {
    const post = composeMessage(
      delivery({ channel: NotificationChannel.DIGITAL_POST, recipient: CITIZEN }),
      NOON,
      COMPOSE_OPTIONS,
    );
    expect(post.calendar?.method).toBe('REQUEST');
    expect(post.calendar?.content).not.toContain('ATTENDEE');
    const sms = composeMessage(delivery({ channel: NotificationChannel.SMS, recipient: PHONE }), NOON, COMPOSE_OPTIONS);
    expect(sms.calendar).toBeUndefined();
    expect(
      composeMessage(delivery({ ...BY_TEMPLATE['deadline-given'], template: 'deadline-given' }), NOON, COMPOSE_OPTIONS)
        .calendar,
    ).toBeUndefined();
  });

  it('a cancellation carries a CANCEL of the same meeting; a meeting without an end lasts an hour', () => {
    const message = composeMessage(
      delivery({ ...BY_TEMPLATE['booking-cancelled'], template: 'booking-cancelled' }),
      NOON,
      COMPOSE_OPTIONS,
    );
    expect(message.calendar).toMatchObject({ method: 'CANCEL', filename: 'aflysning.ics' });
    const ics = unfolded(message.calendar!.content);
    expect(ics).toContain(`UID:booking-${BOOKING}@selvbook.dk\r\nSEQUENCE:2\r\n`);
    expect(ics).toContain('DTSTART:20260402T080000Z\r\nDTEND:20260402T090000Z\r\n');
    expect(ics).toContain('STATUS:CANCELLED\r\n');
  });

  it('refuses to render a message with a fact missing: nothing broken is sent', () => {
    const withoutDate = { ...DEADLINE_FACTS, deadlineDate: undefined };
    const broken = delivery({
      kind: NotificationKind.DEADLINE_GIVEN,
      template: 'deadline-given',
      facts: withoutDate,
      calendar: null,
    });
    expect(() => composeMessage(broken, NOON, COMPOSE_OPTIONS)).toThrow(MissingTemplateFieldError);
  });
});
