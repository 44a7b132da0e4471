import { EventDefinition } from './define-event';
import { EventEnvelope, envelopeProblem } from './envelope';
import { ContractViolationError } from './errors';
import { isTraceId, newTraceId } from './identifiers';
import { subjectProblem } from './validate-event';
import { validateData } from './validation/validate-data';

export interface CreateEventMeta {
  subject: string;
  source: string;
  /** defaults to the new event's id: this event starts a flow */
  correlationId?: string;
  causationId?: string | null;
  occurredAt?: Date;
  id?: string;
}

/**
 * The envelope for `data`, not yet validated. For events written straight into the outbox, which validates
 * every event strictly before writing it (so a hot path validates once, not twice).
 */
export function envelopeFor<T extends object>(
  def: EventDefinition<T>,
  data: T,
  meta: CreateEventMeta,
): EventEnvelope<T> {
  // A generated id is never CPR-shaped, so it can serve as the correlation id and, later, as a causation id.
  const id = meta.id ?? newTraceId();
  if (meta.occurredAt && Number.isNaN(meta.occurredAt.getTime())) {
    throw new ContractViolationError(`${def.type}@${def.version}: occurredAt is an invalid Date`);
  }
  return {
    id,
    type: def.type,
    version: def.version,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    source: meta.source,
    subject: meta.subject,
    correlationId: meta.correlationId ?? (isTraceId(id) ? id : newTraceId()),
    causationId: meta.causationId ?? null,
    data,
  };
}

/** Builds an envelope for `data`, validating strictly; throws ContractViolationError with the reason. */
export function createEvent<T extends object>(
  def: EventDefinition<T>,
  data: T,
  meta: CreateEventMeta,
): EventEnvelope<T> {
  const event = envelopeFor(def, data, meta);
  const reason = envelopeProblem(event) ?? validateData(def.dataClass, data, true) ?? subjectProblem(def, event);
  if (reason) throw new ContractViolationError(`${def.type}@${def.version}: ${reason}`);
  return event;
}
