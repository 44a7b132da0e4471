import {
  ActorRole,
  AkasseMeetingCancelledEvent,
  BookingAttendedEvent,
  BookingBookedEvent,
  BookingCancelledEvent,
  BookingNoShowEvent,
  BookingRebookedEvent,
  CancellationReason,
  ConversationHolder,
  ConversationType,
  CreateEventMeta,
  EventDefinition,
  envelopeFor,
  EventEnvelope,
  LegitimateCancellationReason,
  MeetingFormat,
  SlotAvailabilityChangedEvent,
  SlotStatus,
} from '@selvbook/contracts';
import { currentContext } from '@selvbook/platform';
import { BookingRow, rangeBounds, SlotRow } from './rows';

/**
 * Every event built here goes straight into the outbox, which validates it strictly before writing it
 * (appendToOutbox, or outboxRowsFor on the one-statement booking path): built once, validated once.
 */
function createEvent<T extends object>(def: EventDefinition<T>, data: T, meta: CreateEventMeta): EventEnvelope<T> {
  return envelopeFor(def, data, meta);
}

function meta(subject: string, source: string, now: Date) {
  const context = currentContext();
  return {
    subject,
    source,
    correlationId: context?.correlationId,
    causationId: context?.causationId ?? null,
    occurredAt: now,
  };
}

function citizenPart(b: BookingRow) {
  return {
    citizenId: b.citizen_id,
    jobcenterCode: b.jobcenter_code,
    ...(b.akasse_id ? { akasseId: b.akasse_id } : {}),
  };
}

export function bookedEvent(b: BookingRow, source: string, now: Date): EventEnvelope {
  const { startsAt, endsAt } = rangeBounds(b.during);
  return bookedEventOf(
    {
      bookingId: b.id,
      slotId: b.slot_id,
      citizenId: b.citizen_id,
      jobcenterCode: b.jobcenter_code,
      akasseId: b.akasse_id,
      deadlineId: b.deadline_id,
      conversationType: b.conversation_type,
      startsAt,
      endsAt,
      format: b.format,
      location: b.location,
      bookedBy: b.booked_by_role,
      selfBooked: b.self_booked,
      previousBookingId: b.previous_booking_id,
      rebookingAllowed: b.rebooking_allowed ?? undefined,
      rebookableUntil: b.rebookable_until ? new Date(b.rebookable_until) : null,
    },
    source,
    now,
  );
}

/** What a booking.booked / booking.rebooked event says, known before the booking row is written. */
export interface BookedFacts {
  bookingId: string;
  slotId: string;
  citizenId: string;
  jobcenterCode: string;
  akasseId: string | null;
  deadlineId: string | null;
  conversationType: number;
  startsAt: Date;
  endsAt: Date;
  format: string;
  location: string;
  bookedBy: string;
  selfBooked: boolean;
  previousBookingId: string | null;
  /** rebooking rights [F:S21 §20 nr. 11–12]; undefined for a meeting booked before they were recorded */
  rebookingAllowed?: boolean;
  rebookableUntil?: Date | null;
}

export function bookedEventOf(f: BookedFacts, source: string, now: Date): EventEnvelope {
  const data = {
    citizenId: f.citizenId,
    jobcenterCode: f.jobcenterCode,
    ...(f.akasseId ? { akasseId: f.akasseId } : {}),
    bookingId: f.bookingId,
    slotId: f.slotId,
    ...(f.deadlineId ? { deadlineId: f.deadlineId } : {}),
    conversationType: f.conversationType as ConversationType,
    startsAt: f.startsAt.toISOString(),
    endsAt: f.endsAt.toISOString(),
    format: f.format as MeetingFormat,
    location: f.location,
    bookedBy: f.bookedBy as ActorRole,
    selfBooked: f.selfBooked,
    ...(f.rebookingAllowed !== undefined ? { rebookingAllowed: f.rebookingAllowed } : {}),
    ...(f.rebookableUntil ? { rebookableUntil: f.rebookableUntil.toISOString() } : {}),
  };
  if (f.previousBookingId) {
    return createEvent(
      BookingRebookedEvent,
      { ...data, previousBookingId: f.previousBookingId },
      meta(f.citizenId, source, now),
    );
  }
  return createEvent(BookingBookedEvent, data, meta(f.citizenId, source, now));
}

export function cancelledEvent(b: BookingRow, cancelledBy: ActorRole, source: string, now: Date): EventEnvelope {
  return createEvent(
    BookingCancelledEvent,
    {
      ...citizenPart(b),
      bookingId: b.id,
      slotId: b.slot_id,
      ...(b.deadline_id ? { deadlineId: b.deadline_id } : {}),
      conversationType: b.conversation_type as ConversationType,
      startsAt: rangeBounds(b.during).startsAt.toISOString(),
      cancelledBy,
      reason: b.cancel_reason as CancellationReason,
      ...(b.legitimate_reason ? { legitimateReason: b.legitimate_reason as LegitimateCancellationReason } : {}),
      ...(b.replaced_by_booking_id ? { replacedByBookingId: b.replaced_by_booking_id } : {}),
    },
    meta(b.citizen_id, source, now),
  );
}

/** Jobsamtaler (individual and joint) are the a-kasse's business when a dagpenge member cancels them. */
const AKASSE_RELEVANT_TYPES = new Set<number>([ConversationType.JOB_CONVERSATION, ConversationType.JOINT_CONVERSATION]);

/** akasse.meeting-cancelled for a member's afbud or rebooking of a jobsamtale; none otherwise. */
export function akasseCancelledEvent(
  b: BookingRow,
  cancelledBy: ActorRole,
  source: string,
  now: Date,
): EventEnvelope | undefined {
  if (!b.akasse_id || !AKASSE_RELEVANT_TYPES.has(b.conversation_type)) return undefined;
  if (b.cancel_reason !== CancellationReason.CITIZEN_CANCELLED && b.cancel_reason !== CancellationReason.REBOOKED)
    return undefined;
  return createEvent(
    AkasseMeetingCancelledEvent,
    {
      citizenId: b.citizen_id,
      akasseId: b.akasse_id,
      jobcenterCode: b.jobcenter_code,
      bookingId: b.id,
      conversationType: b.conversation_type as ConversationType,
      meetingStartsAt: rangeBounds(b.during).startsAt.toISOString(),
      cancelledBy,
      ...(b.legitimate_reason ? { legitimateReason: b.legitimate_reason as LegitimateCancellationReason } : {}),
      rebooked: b.cancel_reason === CancellationReason.REBOOKED,
    },
    meta(b.citizen_id, source, now),
  );
}

/**
 * booking.attended or booking.no-show. The a-kasse hears of a member's no-show from the deadline service
 * (which owns akasse.no-show, as the contract says), not from here: one producer, no duplicates.
 */
export function attendanceEvents(
  b: BookingRow,
  slot: SlotRow,
  registeredBy: ActorRole,
  source: string,
  now: Date,
): EventEnvelope[] {
  const startsAt = rangeBounds(b.during).startsAt.toISOString();
  const common = {
    ...citizenPart(b),
    bookingId: b.id,
    ...(b.deadline_id ? { deadlineId: b.deadline_id } : {}),
    conversationType: b.conversation_type as ConversationType,
    startsAt,
    registeredBy,
  };
  if (b.status === 'HELD') return [createEvent(BookingAttendedEvent, common, meta(b.citizen_id, source, now))];
  const heldBy = slot.org_kind === 'AKASSE' ? ConversationHolder.AKASSE : ConversationHolder.JOBCENTER;
  return [createEvent(BookingNoShowEvent, { ...common, heldBy }, meta(b.citizen_id, source, now))];
}

/**
 * slot.availability-changed. The contract names a jobcenter; a slot of an a-kasse alone has none, so
 * none is published for it (its bookings' events still are).
 */
export function slotEvent(s: SlotRow, source: string, now: Date): EventEnvelope[] {
  if (!s.jobcenter_code) return [];
  const remaining = s.status === 'OPEN' ? s.capacity - s.seats_taken : 0;
  return [
    createEvent(
      SlotAvailabilityChangedEvent,
      {
        slotId: s.id,
        jobcenterCode: s.jobcenter_code,
        conversationType: s.conversation_types[0] as ConversationType,
        conversationTypes: s.conversation_types as ConversationType[],
        startsAt: new Date(s.starts_at).toISOString(),
        endsAt: new Date(s.ends_at).toISOString(),
        formats: s.formats as MeetingFormat[],
        location: s.location,
        capacity: s.capacity,
        remainingCapacity: remaining,
        status:
          s.status === 'WITHDRAWN'
            ? SlotStatus.WITHDRAWN
            : remaining === 0
              ? SlotStatus.FULLY_BOOKED
              : SlotStatus.AVAILABLE,
      },
      meta(s.id, source, now),
    ),
  ];
}
