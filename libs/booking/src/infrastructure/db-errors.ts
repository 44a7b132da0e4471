import { DomainProblem } from '@selvbook/platform';

/** Why each constraint refuses a write, as a client should read it in the 409 problem. */
const REASONS: Record<string, { reason: string; code: string }> = {
  slot_capacity: { reason: 'the slot is fully booked', code: 'slot-full' },
  booking_citizen_no_overlap: {
    reason: 'the citizen already has a meeting at an overlapping time',
    code: 'citizen-overlap',
  },
  booking_one_active_per_deadline: {
    reason: 'the deadline already has an active booking',
    code: 'deadline-already-booked',
  },
  booking_idempotency: {
    reason: 'this idempotency key was already used for another request',
    code: 'idempotency-key-reused',
  },
  reservation_idempotency: {
    reason: 'this idempotency key was already used for another request',
    code: 'idempotency-key-reused',
  },
  slot_calendar_no_overlap: { reason: 'the calendar already has a slot at an overlapping time', code: 'slot-overlap' },
  slot_time_order: { reason: 'a slot must end after it starts', code: 'slot-time-order' },
  slot_joint_participants: {
    reason: 'a joint slot needs a jobcenter and an a-kasse participant',
    code: 'joint-participants',
  },
};

export interface PgErrorLike {
  code?: string;
  constraint?: string;
  driverError?: { code?: string; constraint?: string };
}

export function pgErrorOf(error: unknown): { code?: string; constraint?: string } {
  const e = (error ?? {}) as PgErrorLike;
  return { code: e.driverError?.code ?? e.code, constraint: e.driverError?.constraint ?? e.constraint };
}

/** The constraint a write violated, if it was a unique (23505), exclusion (23P01) or check (23514) violation. */
export function violatedConstraint(error: unknown): string | undefined {
  const { code, constraint } = pgErrorOf(error);
  return code === '23505' || code === '23P01' || code === '23514' ? (constraint ?? code) : undefined;
}

/** Database constraint violations become 409 problem+json with the reason; anything else is rethrown. */
export function translateDbError(error: unknown): never {
  const constraint = violatedConstraint(error);
  if (constraint) {
    const known = REASONS[constraint] ?? { reason: `conflict (${constraint})`, code: 'conflict' };
    throw new DomainProblem(409, known.reason, known.code);
  }
  const { code } = pgErrorOf(error);
  // invalid text representation / datetime field overflow from client-supplied values: the client's to fix
  if (code === '22P02' || code === '22008' || code === '22007')
    throw new DomainProblem(400, 'malformed value', 'malformed');
  throw error;
}
