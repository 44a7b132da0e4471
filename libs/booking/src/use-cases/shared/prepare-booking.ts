import { DomainProblem, Principal } from '@selvbook/platform';
import { randomUUID } from 'node:crypto';
import { actorRoleOf, mayManageSlot } from '../../domain/actor';
import { BookingPolicy, checkBookingTime, rebookingRightsOf, withinDeadline } from '../../domain/booking-policy';
import { BookingContext, BookingDraft, bookSeat, SeatBooking } from '../../infrastructure/booking-store';
import { Database } from '../../infrastructure/database';
import { policyOf } from '../../infrastructure/slot-store';
import { parseInstant, SlotRow } from '../../infrastructure/rows';
import { correlationId } from './transaction';

export interface BookingRequest {
  slotId: string;
  /** required for staff; a citizen books for themself (taken from the token) */
  citizenId?: string;
  deadlineId?: string;
  format?: string;
  conversationType?: number;
}

/** The citizen a request is for: a citizen's own id from the token; staff must name one. */
export function citizenOfRequest(principal: Principal, requested?: string): string {
  if (principal.role === 'citizen') {
    if (requested && requested !== principal.citizenId) {
      throw new DomainProblem(403, 'a citizen may only book for themself', 'forbidden-citizen');
    }
    return principal.citizenId!;
  }
  if (!requested)
    throw new DomainProblem(400, 'citizenId is required when staff book on behalf of a citizen', 'citizen-required');
  return requested;
}

/**
 * Who may book what, for whom, and when — everything a booking needs that is not a race. The races
 * (capacity, overlap, one booking per deadline) are left to the database constraints.
 */
export function prepareBooking(
  principal: Principal,
  request: BookingRequest,
  context: BookingContext,
  now: Date,
  defaultPolicy: BookingPolicy,
  options: { changing?: boolean } = {},
): { draft: BookingDraft; policy: BookingPolicy } {
  const citizenId = citizenOfRequest(principal, request.citizenId);
  const { slot, deadline, citizen } = context;
  if (!slot) throw new DomainProblem(404, 'no such slot', 'slot-not-found');
  if (slot.status !== 'OPEN') throw new DomainProblem(409, 'the slot was withdrawn', 'slot-withdrawn');
  const isCitizen = principal.role === 'citizen';
  if (!isCitizen && !mayManageSlot(principal, slot)) {
    throw new DomainProblem(403, "staff book only in their own organisation's calendars", 'forbidden-organisation');
  }
  // The deadline named, or (none named) the open one this booking fulfils: the same checks either way [F:S22].
  if (request.deadlineId || deadline) {
    if (!deadline || deadline.citizen_id !== citizenId) {
      if (isCitizen && deadline)
        throw new DomainProblem(403, 'this deadline belongs to another citizen', 'forbidden-citizen');
      throw new DomainProblem(404, 'no such deadline for this citizen', 'deadline-not-found');
    }
    if (deadline.status !== 'OPEN' && deadline.status !== 'FULFILLED') {
      throw new DomainProblem(409, `the deadline is ${deadline.status.toLowerCase()}`, 'deadline-not-open');
    }
    if (isCitizen && !deadline.can_self_book) {
      throw new DomainProblem(
        403,
        'the citizen is exempt from self-booking: the jobcenter summons',
        'cannot-self-book',
      );
    }
  }
  // Staff who book for a citizen not yet known act in their own calendar;
  // a citizen is never taken to belong to the slot's jobcenter.
  const organisations = {
    jobcenterCode: deadline?.jobcenter_code ?? citizen?.jobcenter_code ?? (isCitizen ? null : slot.jobcenter_code),
    akasseId: deadline?.akasse_id ?? citizen?.akasse_id ?? null,
  };
  if (isCitizen && !organisations.jobcenterCode) {
    throw new DomainProblem(
      403,
      'Selvbook has no booking deadline for this citizen: self-booking opens with a deadline from the jobcenter',
      'citizen-unknown',
    );
  }
  if (!organisations.jobcenterCode) {
    throw new DomainProblem(409, "the citizen's jobcenter is not known yet (no deadline received)", 'citizen-unknown');
  }
  if (
    principal.role === 'caseworker' &&
    (deadline || citizen) &&
    organisations.jobcenterCode !== principal.jobcenterCode
  ) {
    throw new DomainProblem(
      403,
      'a caseworker acts only for citizens of their own jobcenter',
      'forbidden-organisation',
    );
  }
  if (principal.role === 'akasse' && (deadline || citizen) && organisations.akasseId !== principal.akasseId) {
    throw new DomainProblem(403, 'an a-kasse acts only for its own members', 'forbidden-organisation');
  }
  // The slot must belong to the citizen's own jobcenter or a-kasse.
  const ownSlot = slot.joint
    ? slot.jobcenter_code === organisations.jobcenterCode && slot.akasse_id === organisations.akasseId
    : slot.org_kind === 'JOBCENTER'
      ? slot.org_code === organisations.jobcenterCode
      : slot.org_code === organisations.akasseId;
  if (!ownSlot)
    throw new DomainProblem(
      409,
      "the slot belongs to another jobcenter or a-kasse than the citizen's",
      'slot-of-other-organisation',
    );

  const conversationType = deadline
    ? deadline.conversation_type
    : (request.conversationType ?? slot.conversation_types[0]);
  if (request.conversationType !== undefined && request.conversationType !== conversationType) {
    throw new DomainProblem(409, "the conversation type differs from the deadline's", 'conversation-type-mismatch');
  }
  if (!slot.conversation_types.includes(conversationType)) {
    throw new DomainProblem(
      409,
      `the slot does not offer conversation type ${conversationType}`,
      'conversation-type-not-offered',
    );
  }
  // The deadline's meeting may be bound to a format: the first conversation is held in person [F:S16, S20].
  const allowed = deadline?.meeting_formats ?? null;
  const format = request.format ?? slot.formats.find((f) => !allowed || allowed.includes(f)) ?? slot.formats[0];
  if (!slot.formats.includes(format))
    throw new DomainProblem(409, `the slot does not offer the format ${format}`, 'format-not-offered');
  if (allowed && !allowed.includes(format)) {
    throw new DomainProblem(
      409,
      `this conversation is held ` +
        `${allowed.map((f) => f.toLowerCase().replace('_', ' ')).join(' or ')} (${format} not allowed)`,
      'format-not-allowed',
    );
  }

  const policy = policyOf(context.policy, defaultPolicy);
  const startsAt = parseInstant(slot.starts_at);
  if (startsAt.getTime() <= now.getTime()) throw new DomainProblem(409, 'the slot has already started', 'slot-in-past');
  if (isCitizen) {
    const time = checkBookingTime(policy, now, startsAt);
    if (!time.ok) throw new DomainProblem(409, time.reason, time.code);
    if (deadline) {
      const window = withinDeadline(
        now,
        { deadlineDate: deadline.deadline_date, latestMeetingDate: deadline.latest_meeting_date },
        startsAt,
      );
      if (!window.ok) throw new DomainProblem(409, window.reason, window.code);
    }
  }
  void options;
  const rebooking = rebookingRightsOf(policy, startsAt);
  return {
    policy,
    draft: {
      id: randomUUID(),
      slotId: slot.id,
      citizenId,
      deadlineId: deadline?.deadline_id ?? null,
      jobcenterCode: organisations.jobcenterCode,
      akasseId: organisations.akasseId,
      conversationType,
      format,
      selfBooked: isCitizen,
      rebookingAllowed: rebooking.allowed,
      rebookableUntil: rebooking.until,
    },
  };
}

/**
 * Books the prepared draft's seat on the slot as the caller read it (a slot moved since books nothing), by the
 * principal, in the request's correlation.
 */
export function bookSeatAsRead(
  db: Database,
  slot: SlotRow,
  seat: Pick<SeatBooking, 'draft' | 'principal' | 'now' | 'takeSeat' | 'outbox'>,
): ReturnType<typeof bookSeat> {
  return bookSeat(db, {
    ...seat,
    pinned: { startsAt: slot.starts_at, endsAt: slot.ends_at, location: slot.location },
    actorRole: actorRoleOf(seat.principal),
    correlationId: correlationId(),
  });
}
