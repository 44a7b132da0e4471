import {
  EVENT_TYPE_PATTERN,
  isCitizenId,
  isInstant,
  isTraceId,
  isUuid,
  looksLikeCpr,
  newTraceId,
  SOURCE_PATTERN,
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
  if (typeof e.type !== 'string' || !EVENT_TYPE_PATTERN.test(e.type))
    return 'envelope.type must be an event type such as booking.booked';
  if (!Number.isInteger(e.version) || (e.version as number) < 1) return 'envelope.version must be an integer ≥ 1';
  if (!isInstant(e.occurredAt)) return 'envelope.occurredAt must be an ISO 8601 instant with offset';
  if (typeof e.source !== 'string' || !SOURCE_PATTERN.test(e.source))
    return 'envelope.source must name the producing service (e.g. booking-service)';
  // A uuid can contain a CPR-shaped run of digits by chance ("…010190-1234-…"); a uuid is never a CPR number.
  if (typeof e.subject === 'string' && !isUuid(e.subject) && looksLikeCpr(e.subject)) {
    return 'envelope.subject looks like a CPR number; use the pseudonymous citizenId';
  }
  if (!isCitizenId(e.subject)) return 'envelope.subject must be a pseudonymous id (uuid)';
  if (!isTraceId(e.correlationId))
    return 'envelope.correlationId must be a uuid or a W3C trace id, and not contain a CPR number';
  if (e.causationId != null && !isTraceId(e.causationId)) {
    return 'envelope.causationId must be a uuid or a W3C trace id without a CPR number, or null';
  }
  if (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data)) return 'envelope.data must be an object';
  return undefined;
}

/** What `withSafeTraceIds` replaced, for a debug line: the values themselves only when they are not CPR-shaped. */
export interface ReplacedTraceIds {
  correlationId?: string;
  causationId?: string;
}

/**
 * An incoming envelope with its correlation and causation ids made safe, before it is validated: a caller's
 * choice of trace id must never decide whether an event takes effect, and what is not a safe id must never be
 * stored or forwarded. A correlation id that is not `isTraceId` is replaced by a new one (the flow starts
 * here); such a causation id is dropped (null: a new id would name a cause that does not exist). Returns the
 * same object when nothing needed replacing; anything that is not an object is returned as it is.
 */
export function withSafeTraceIds(raw: unknown): { envelope: unknown; replaced?: ReplacedTraceIds } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { envelope: raw };
  const e = raw as Record<string, unknown>;
  const badCorrelation = !isTraceId(e.correlationId);
  const badCausation = e.causationId != null && !isTraceId(e.causationId);
  if (!badCorrelation && !badCausation) return { envelope: raw };
  const replaced: ReplacedTraceIds = {};
  const envelope = { ...e };
  if (badCorrelation) {
    replaced.correlationId = describeUnsafeId(e.correlationId);
    envelope.correlationId = newTraceId();
  }
  if (badCausation) {
    replaced.causationId = describeUnsafeId(e.causationId);
    envelope.causationId = null;
  }
  return { envelope, replaced };
}

/** An unsafe id as it may appear in a debug log line: bounded, and never a CPR-shaped value. */
export function describeUnsafeId(value: unknown): string {
  if (typeof value !== 'string') return `(${value === null ? 'null' : typeof value})`;
  if (looksLikeCpr(value)) return '(CPR-shaped, not logged)';
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
