/**
 * @selvbook/contracts: every event type, its version, topic and schema — the single source of truth
 * that producers, consumers and the AsyncAPI document share (DESIGN §3).
 */
export * from './domain-types';
export * from './identifiers';
export * from './topics';
export * from './headers';
export { ENUM_MEANINGS } from './enum-meanings';
export type { EventEnvelope } from './envelope';
export type { ReplacedTraceIds } from './envelope';
export { describeUnsafeId, ENVELOPE_FIELDS, envelopeProblem, withSafeTraceIds } from './envelope';
export type { EventDefinition, SubjectField } from './define-event';
export { defineEvent } from './define-event';
export { ContractViolationError } from './errors';
export { EVENT_DEFINITIONS, EVENT_REGISTRY, eventKey, findEventDefinition, knownVersions } from './registry';
export type { CreateEventMeta } from './create-event';
export { createEvent, envelopeFor } from './create-event';
export type { ValidateEventOptions, ValidationResult } from './validate-event';
export { validateEvent } from './validate-event';
export { RECIPIENT_EVENTS, recipientTopics, topicsFor } from './routing';
/** field decorators, reusable for REST commands that carry the same formats */
export * from './validation/decorators';
export { fastAccept } from './validation/fast-accept';
export * from './events';
