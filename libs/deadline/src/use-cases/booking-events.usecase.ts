import { localDateOf } from '@selvbook/calendar';
import {
  AbsenceCode,
  BookingAttendedData,
  BookingBookedData,
  BookingCancelledData,
  BookingNoShowData,
  BookingRebookedData,
  CancellationReason,
  ContactGroup,
  ConversationHolder,
  DeadlineClosedReason,
  DeadlineReopenedReason,
  EventEnvelope,
  ImmediateBookingClearedReason,
  SlotAvailabilityChangedData,
  SlotStatus,
} from '@selvbook/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import type { EntityManager } from 'typeorm';
import { activeExemptionOn, closingForExemption, extendForOutages, reopenedDates } from '../domain/lifecycle';
import { DEADLINE_POLICY, DeadlinePolicy } from '../domain/policy';
import { build, Events, orgOf } from '../events';
import {
  CitizenRow,
  exemptionsOf,
  recordActiveBooking,
  setBookingStatus,
  setImmediateBooking,
  upsertCitizen,
} from '../persistence/citizen-store';
import { relevantOutages } from '../persistence/outage-store';
import {
  closeDeadline,
  DeadlineRow,
  deadlineFulfilledBy,
  fulfilDeadline,
  lockOpenDeadline,
  lockOpenDeadlineAdmitting,
  recordSlot,
  reopenDeadline,
} from '../persistence/store';
import { meetingDayEnd } from './shared';

export interface BookingEventsOptions {
  /** Route booking.no-show of dagpenge citizens to their a-kasse as akasse.no-show (RULES §5 no-show) [I]. */
  forwardNoShowToAkasse: boolean;
}

export const BOOKING_EVENTS_OPTIONS = Symbol('BOOKING_EVENTS_OPTIONS');

/*
 * booking.* → fulfil, move, reopen or close the deadline; clear immediate booking; tell the a-kasse of no-shows.
 * One use case per event type; each runs in the event's inbox transaction.
 */

/** booking.booked: the booking fulfils the deadline it names, or the open one its meeting fits. */
@Injectable()
export class RecordBookingUseCase {
  async execute(data: BookingBookedData, tx: EntityManager, now: Date): Promise<void> {
    await recordBooking(data, undefined, tx, now);
  }
}

/**
 * booking.rebooked, the new half of a rebooking: the deadline the old booking fulfilled is now fulfilled by this one.
 */
@Injectable()
export class RecordRebookingUseCase {
  async execute(data: BookingRebookedData, tx: EntityManager, now: Date): Promise<void> {
    await recordBooking(data, data.previousBookingId, tx, now);
  }
}

/**
 * booking.cancelled: the deadline it fulfilled reopens (or closes, for a deregistration or the end of self-booking).
 */
@Injectable()
export class RecordCancellationUseCase {
  constructor(@Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy) {}

  async execute(data: BookingCancelledData, tx: EntityManager, now: Date): Promise<void> {
    await upsertCitizen(tx, data, false);
    await setBookingStatus(tx, data.bookingId, 'cancelled');
    // A rebooking's cancel half: the booking.rebooked that follows moves the fulfilment.
    if (data.reason === CancellationReason.REBOOKED) return;
    const d = await deadlineFulfilledBy(tx, data.bookingId);
    if (!d) return;
    const org = orgOf(data);
    const today = localDateOf(now);
    const closing = await closingOnCancellation(tx, data, today);
    if (closing) {
      await closeDeadline(tx, d.id, closing.reason, closing.absenceCode, now);
      await appendToOutbox(tx, [build(Events.closed, { ...org, deadlineId: d.id, ...closing }, now)]);
      return;
    }
    // RULES §5: cancelling the fulfilling booking reopens the deadline (with reopenMinimumDays if none is left).
    const dates = reopenedDates(d, today, this.policy);
    const outages = await relevantOutages(tx, now, this.policy.outageGraceMs);
    const extended = extendForOutages(dates, outages, d.jobcenterCode, this.policy);
    await reopenDeadline(tx, d.id, extended.deadlineDate, extended.latestMeetingDate, extended.expiresAt);
    const reopened = {
      ...org,
      deadlineId: d.id,
      reason: DeadlineReopenedReason.BOOKING_CANCELLED,
      cancelledBookingId: data.bookingId,
      deadlineDate: extended.deadlineDate,
      latestMeetingDate: extended.latestMeetingDate,
    };
    await appendToOutbox(tx, [build(Events.reopened, reopened, now)]);
  }
}

/**
 * Why the deadline of a cancelled booking closes instead of reopening: the citizen deregistered, or their
 * self-booking ended (by the exemption active today, else as exempt from self-booking). Null: it reopens.
 */
async function closingOnCancellation(
  tx: EntityManager,
  data: BookingCancelledData,
  today: string,
): Promise<{ reason: DeadlineClosedReason; absenceCode?: AbsenceCode } | null> {
  if (data.reason === CancellationReason.CITIZEN_DEREGISTERED)
    return { reason: DeadlineClosedReason.CITIZEN_DEREGISTERED };
  if (data.reason !== CancellationReason.SELF_BOOKING_ENDED) return null;
  const exemption = activeExemptionOn((await exemptionsOf(tx, [data.citizenId])).get(data.citizenId) ?? [], today);
  return exemption
    ? closingForExemption(exemption)
    : { reason: DeadlineClosedReason.ABSENCE_REGISTERED, absenceCode: AbsenceCode.EXEMPT_FROM_SELF_BOOKING };
}

/** booking.attended: the meeting took place; the deadline it fulfilled closes. */
@Injectable()
export class RecordAttendanceUseCase {
  async execute(data: BookingAttendedData, tx: EntityManager, now: Date): Promise<void> {
    await upsertCitizen(tx, data, false);
    await setBookingStatus(tx, data.bookingId, 'attended');
    await appendToOutbox(tx, await closeFulfilledBy(tx, data, now));
  }
}

/** booking.no-show: the deadline it fulfilled closes; a dagpenge citizen's a-kasse is told. */
@Injectable()
export class RecordNoShowUseCase {
  constructor(
    @Inject(BOOKING_EVENTS_OPTIONS) private readonly options: BookingEventsOptions = { forwardNoShowToAkasse: true },
  ) {}

  async execute(data: BookingNoShowData, tx: EntityManager, now: Date): Promise<void> {
    const citizen = await upsertCitizen(tx, data, false);
    await setBookingStatus(tx, data.bookingId, 'no_show');
    const events = await closeFulfilledBy(tx, data, now);
    // RULES §5 no-show [F:S33; I]: the a-kasse must learn of a dagpenge no-show; only that citizen's a-kasse.
    const akasseId = citizen.akasseId ?? data.akasseId;
    if (
      this.options.forwardNoShowToAkasse &&
      akasseId &&
      isDagpenge(citizen) &&
      data.heldBy !== ConversationHolder.AKASSE
    ) {
      events.push(
        build(
          Events.akasseNoShow,
          {
            citizenId: data.citizenId,
            akasseId,
            jobcenterCode: data.jobcenterCode,
            bookingId: data.bookingId,
            conversationType: data.conversationType,
            meetingStartsAt: data.startsAt,
            heldBy: data.heldBy,
          },
          now,
        ),
      );
    }
    await appendToOutbox(tx, events);
  }
}

/** slot.availability-changed: kept so the expiry can tell whether the citizen had a free slot to book [F:S6]. */
@Injectable()
export class RecordSlotAvailabilityUseCase {
  async execute(data: SlotAvailabilityChangedData, tx: EntityManager, now: Date): Promise<void> {
    await recordSlot(
      tx,
      {
        slotId: data.slotId,
        jobcenterCode: data.jobcenterCode,
        conversationTypes: data.conversationTypes ?? [data.conversationType],
        startsAt: new Date(data.startsAt),
        free: data.status === SlotStatus.AVAILABLE && data.remainingCapacity > 0,
      },
      now,
    );
  }
}

async function recordBooking(
  data: BookingBookedData,
  previousBookingId: string | undefined,
  tx: EntityManager,
  now: Date,
): Promise<void> {
  const citizen = await upsertCitizen(tx, data, false);
  const meetingDate = localDateOf(new Date(data.startsAt));
  await recordActiveBooking(tx, {
    bookingId: data.bookingId,
    citizenId: data.citizenId,
    conversationType: data.conversationType,
    startsAt: new Date(data.startsAt),
    meetingDate,
  });
  const org = orgOf(data);
  const events: EventEnvelope[] = [];
  let deadline: DeadlineRow | undefined;
  if (previousBookingId) {
    await setBookingStatus(tx, previousBookingId, 'cancelled');
    deadline = await deadlineFulfilledBy(tx, previousBookingId);
  }
  if (!deadline && data.deadlineId) {
    deadline = await lockOpenDeadline(tx, data.deadlineId, data.citizenId);
  } else if (!deadline) {
    // A booking made while a deadline is open fulfils it (RULES §5 invariant [F:S23,S24]) — only a meeting its
    // window admits, as when the deadline is named [F:S22]: a meeting after latestMeetingDate leaves the deadline open.
    deadline = await lockOpenDeadlineAdmitting(tx, data.citizenId, data.conversationType, meetingDate);
  }
  if (deadline) {
    await fulfilDeadline(tx, deadline.id, data.bookingId, meetingDate, meetingDayEnd(meetingDate));
    events.push(build(Events.fulfilled, { ...org, deadlineId: deadline.id, bookingId: data.bookingId }, now));
  }
  if (citizen.immediateBookingFrom) {
    // RULES §5 immediate booking [I]: the flag clears on a booking.
    await setImmediateBooking(tx, data.citizenId, null);
    events.push(
      build(
        Events.immediateCleared,
        { ...org, reason: ImmediateBookingClearedReason.BOOKED, bookingId: data.bookingId },
        now,
      ),
    );
  }
  await appendToOutbox(tx, events);
}

/** Attended or no-show: the meeting took place (or should have): the fulfilled deadline closes. */
async function closeFulfilledBy(
  tx: EntityManager,
  data: BookingAttendedData | BookingNoShowData,
  now: Date,
): Promise<EventEnvelope[]> {
  const d = await deadlineFulfilledBy(tx, data.bookingId);
  if (!d) return [];
  await closeDeadline(tx, d.id, DeadlineClosedReason.MEETING_DATE_REACHED, undefined, now);
  return [
    build(Events.closed, { ...orgOf(data), deadlineId: d.id, reason: DeadlineClosedReason.MEETING_DATE_REACHED }, now),
  ];
}

/** Insured (dagpenge) citizens: by their contact group, or, before one is known, by having an a-kasse. */
export function isDagpenge(citizen: Pick<CitizenRow, 'contactGroup' | 'akasseId'>): boolean {
  return citizen.contactGroup ? citizen.contactGroup === ContactGroup.UNEMPLOYMENT_BENEFIT : !!citizen.akasseId;
}

/** The use cases above, in their order. */
export const BOOKING_EVENT_USE_CASES = [
  RecordBookingUseCase,
  RecordRebookingUseCase,
  RecordCancellationUseCase,
  RecordAttendanceUseCase,
  RecordNoShowUseCase,
  RecordSlotAvailabilityUseCase,
];
