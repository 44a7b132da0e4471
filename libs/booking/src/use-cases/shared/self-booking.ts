import { DomainProblem, Principal } from '@selvbook/platform';
import type { BookingRequest } from './prepare-booking';

interface Queryable {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * Self-booking exists so a citizen can meet a booking deadline of theirs (RULES: a citizen books a conversation
 * by its deadline; the deadline-service gives each one): a citizen's booking is always tied to one. When the
 * request names no deadline, it is the citizen's open deadline whose conversation type the slot offers (the
 * one due first), and the booking then passes every rule a booking naming it passes (window, type, self-booking
 * allowed). A citizen Selvbook knows nothing of gets 403; one with no open deadline for the slot gets 409 —
 * never a booking, so no citizen token can book "without limit". Staff book on behalf as before.
 */
export async function tieSelfBookingToDeadline<R extends BookingRequest>(
  q: Queryable,
  principal: Principal,
  request: R,
  /** a booking request's idempotency key: a retry of a booking already made is answered by the replay, not refused */
  idempotency: { scope: string; key: string } | null = null,
): Promise<R> {
  if (principal.role !== 'citizen' || request.deadlineId) return request;
  const result = await q.query(
    `SELECT EXISTS (SELECT 1 FROM slot WHERE id = $2) AS slot_exists,
            EXISTS (SELECT 1 FROM booking WHERE $4::text IS NOT NULL AND idempotency_scope = $4 AND idempotency_key = $5) AS replay,
            EXISTS (SELECT 1 FROM citizen WHERE citizen_id = $1) OR EXISTS (SELECT 1 FROM deadline WHERE citizen_id = $1) AS known,
            (SELECT d.deadline_id FROM deadline d JOIN slot s ON s.id = $2
              WHERE d.citizen_id = $1 AND d.status = 'OPEN' AND d.conversation_type = ANY (s.conversation_types)
                AND ($3::int IS NULL OR d.conversation_type = $3)
              ORDER BY d.deadline_date, d.deadline_id LIMIT 1) AS deadline_id`,
    [principal.citizenId, request.slotId, request.conversationType ?? null, idempotency?.scope ?? null, idempotency?.key ?? null],
  );
  const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { slot_exists: boolean; replay: boolean; known: boolean; deadline_id: string | null }[];
  if (!row.slot_exists || row.replay) return request; // answered by the booking rules (404), or the earlier booking
  if (!row.known) {
    throw new DomainProblem(403, 'Selvbook has no booking deadline for this citizen: self-booking opens with a deadline from the jobcenter', 'citizen-unknown');
  }
  if (!row.deadline_id) {
    throw new DomainProblem(409, 'a citizen books for an open booking deadline of theirs, and none is open for a conversation this slot offers', 'no-open-deadline');
  }
  return { ...request, deadlineId: row.deadline_id };
}
