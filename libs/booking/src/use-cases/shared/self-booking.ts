import { DomainProblem, Principal } from '@selvbook/platform';
import type { PgQueryable, Queryable } from '../../infrastructure/database';
import { selfBookingFacts } from '../../infrastructure/deadline-store';
import type { BookingRequest } from './prepare-booking';

/**
 * Self-booking exists so a citizen can meet a booking deadline of theirs (RULES: a citizen books a conversation
 * by its deadline; the deadline-service gives each one): a citizen's booking is always tied to one. When the
 * request names no deadline, it is the citizen's open deadline whose conversation type the slot offers (the
 * one due first), and the booking then passes every rule a booking naming it passes (window, type, self-booking
 * allowed). A citizen Selvbook knows nothing of gets 403; one with no open deadline for the slot gets 409 —
 * never a booking, so no citizen token can book "without limit". Staff book on behalf as before.
 */
export async function tieSelfBookingToDeadline<R extends BookingRequest>(
  q: Queryable | PgQueryable,
  principal: Principal,
  request: R,
  /** a booking request's idempotency key: a retry of a booking already made is answered by the replay, not refused */
  idempotency: { scope: string; key: string } | null = null,
): Promise<R> {
  if (principal.role !== 'citizen' || request.deadlineId) return request;
  const row = await selfBookingFacts(
    q,
    principal.citizenId!,
    request.slotId,
    request.conversationType ?? null,
    idempotency,
  );
  if (!row.slot_exists || row.replay) return request; // answered by the booking rules (404), or the earlier booking
  if (!row.known) {
    throw new DomainProblem(
      403,
      'Selvbook has no booking deadline for this citizen: self-booking opens with a deadline from the jobcenter',
      'citizen-unknown',
    );
  }
  if (!row.deadline_id) {
    throw new DomainProblem(
      409,
      'a citizen books for an open booking deadline of theirs, and none is open for a conversation this slot offers',
      'no-open-deadline',
    );
  }
  return { ...request, deadlineId: row.deadline_id };
}
