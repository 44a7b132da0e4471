import { EventDefinition } from './define-event';
import { EventEnvelope, envelopeProblem } from './envelope';
import { findEventDefinition, knownVersions } from './registry';
import { validateData } from './validation/validate-data';

export type ValidationResult = { ok: true; event: EventEnvelope } | { ok: false; reason: string };

export interface ValidateEventOptions {
  /** refuse data fields the contract does not define (producers); default false (consumers are tolerant) */
  strict?: boolean;
}

/**
 * Validates an event as read from Kafka (or about to be written): envelope, the registered definition
 * for `type@version`, its data, and that the subject is the entity the data is about. Synchronous; the
 * returned event is the input object (data stays plain).
 */
export function validateEvent(raw: unknown, options: ValidateEventOptions = {}): ValidationResult {
  const envelopeReason = envelopeProblem(raw);
  if (envelopeReason) return { ok: false, reason: envelopeReason };
  const event = raw as EventEnvelope;
  const definition = findEventDefinition(event.type, event.version);
  if (!definition) {
    const versions = knownVersions(event.type);
    const reason = versions.length
      ? `unknown version ${event.version} of event type ${event.type} (known: ${versions.join(', ')})`
      : `unknown event type ${event.type}`;
    return { ok: false, reason };
  }
  const dataReason =
    validateData(definition.dataClass, event.data, options.strict ?? false) ?? subjectProblem(definition, event);
  // no type@version prefix: callers that report it elsewhere (outbox, DLQ headers) add their own
  return dataReason ? { ok: false, reason: dataReason } : { ok: true, event };
}

/** The subject is the Kafka key; it must be the entity the data is about, or ordering breaks. */
export function subjectProblem(
  definition: EventDefinition,
  event: Pick<EventEnvelope, 'subject' | 'data'>,
): string | undefined {
  const field = definition.subject ?? 'citizenId';
  const value = (event.data as Record<string, unknown>)[field];
  return value === event.subject ? undefined : `envelope.subject must equal data.${field}`;
}
