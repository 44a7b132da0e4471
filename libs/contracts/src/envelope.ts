import {
  EVENT_TYPE_PATTERN,
  isCitizenId,
  isInstant,
  isUuid,
  looksLikeCpr,
  SOURCE_PATTERN,
  TRACE_ID_PATTERN,
} from './identifiers';

/** CloudEvents-style envelope of every event (DESIGN §3). Kafka key = `subject`. */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  source: string;
  /** pseudonymous citizenId (never a CPR number); the slotId for slot events */
  subject: string;
  correlationId: string;
  causationId?: string | null;
  data: T;
}

export const ENVELOPE_FIELDS = [
  'id',
  'type',
  'version',
  'occurredAt',
  'source',
  'subject',
  'correlationId',
  'causationId',
  'data',
] as const;

/**
 * Checks the envelope fields by hand (no class-validator): it runs for every consumed message, and
 * the first problem is enough to dead-letter it. Returns a reason, or undefined when valid.
 */
export function envelopeProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'event must be a JSON object';
  const e = raw as Record<string, unknown>;
  if (!isUuid(e.id)) return 'envelope.id must be a uuid';
  if (typeof e.type !== 'string' || !EVENT_TYPE_PATTERN.test(e.type)) return 'envelope.type must be an event type such as booking.booked';
  if (!Number.isInteger(e.version) || (e.version as number) < 1) return 'envelope.version must be an integer ≥ 1';
  if (!isInstant(e.occurredAt)) return 'envelope.occurredAt must be an ISO 8601 instant with offset';
  if (typeof e.source !== 'string' || !SOURCE_PATTERN.test(e.source)) return 'envelope.source must name the producing service (e.g. booking-service)';
  // A uuid can contain a CPR-shaped run of digits by chance ("…010190-1234-…"); a uuid is never a CPR number.
  if (typeof e.subject === 'string' && !isUuid(e.subject) && looksLikeCpr(e.subject)) {
    return 'envelope.subject looks like a CPR number; use the pseudonymous citizenId';
  }
  if (!isCitizenId(e.subject)) return 'envelope.subject must be a pseudonymous id (uuid)';
  if (typeof e.correlationId !== 'string' || !TRACE_ID_PATTERN.test(e.correlationId)) {
    return 'envelope.correlationId must be a non-empty id';
  }
  if (e.causationId != null && (typeof e.causationId !== 'string' || !TRACE_ID_PATTERN.test(e.causationId))) {
    return 'envelope.causationId must be an id or null';
  }
  if (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data)) return 'envelope.data must be an object';
  return undefined;
}
