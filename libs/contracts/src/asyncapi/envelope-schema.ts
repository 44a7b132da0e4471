import { EVENT_TYPE_PATTERN, SOURCE_PATTERN, TRACE_ID_PATTERN } from '../identifiers';
import { JsonSchema } from '../validation/decorators';

/** The envelope as JSON Schema; mirrors `envelopeProblem` in envelope.ts. */
export const ENVELOPE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'type', 'version', 'occurredAt', 'source', 'subject', 'correlationId', 'data'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'unique per event; consumers de-duplicate on it (idempotent inbox)' },
    type: { type: 'string', pattern: EVENT_TYPE_PATTERN.source },
    version: { type: 'integer', minimum: 1, description: 'version of the data schema for this type' },
    occurredAt: { type: 'string', format: 'date-time' },
    source: { type: 'string', pattern: SOURCE_PATTERN.source, description: 'producing service' },
    subject: {
      type: 'string',
      format: 'uuid',
      description: 'pseudonymous citizenId (never a CPR number), or the slotId for slot events; also the Kafka key',
    },
    correlationId: {
      type: 'string',
      pattern: TRACE_ID_PATTERN.source,
      // The CPR check (a plausible day and month, as looksLikeCpr) is not expressible as a pattern; described instead.
      description: 'ties one business flow together: a uuid or a W3C trace id (32 hex digits), never containing a CPR number',
    },
    causationId: {
      type: ['string', 'null'],
      pattern: TRACE_ID_PATTERN.source,
      description: 'id of the event or request that caused this one (same form as correlationId)',
    },
    data: { type: 'object' },
  },
};

/** Kafka headers that travel with every event. */
export const HEADERS_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    traceparent: {
      type: 'string',
      pattern: '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
      description: 'W3C trace context',
    },
    tracestate: { type: 'string' },
  },
};
