import { EVENT_TYPE_PATTERN, SOURCE_PATTERN, TRACE_ID_PATTERN } from '../identifiers';
import { EVENT_HEADER_DOCS, EventHeaderName } from '../headers';
import { JsonSchema } from '../validation/decorators';

/** The form of each header's value. */
const HEADER_VALUES: Record<EventHeaderName, JsonSchema> = {
  'event-type': { type: 'string', pattern: EVENT_TYPE_PATTERN.source },
  'event-version': { type: 'string', pattern: '^[1-9][0-9]*$' },
  'correlation-id': { type: 'string', pattern: TRACE_ID_PATTERN.source },
  'causation-id': { type: 'string', pattern: TRACE_ID_PATTERN.source },
  'content-type': { type: 'string', const: 'application/json' },
  traceparent: { type: 'string', pattern: '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' },
  tracestate: { type: 'string' },
};

/** The envelope as JSON Schema; mirrors `envelopeProblem` in envelope.ts. */
export const ENVELOPE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'type', 'version', 'occurredAt', 'source', 'subject', 'correlationId', 'data'],
  properties: {
    id: {
      type: 'string',
      format: 'uuid',
      description: 'unique per event; consumers de-duplicate on it (idempotent inbox)',
    },
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
      description:
        'ties one business flow together: a uuid or a W3C trace id (32 hex digits), never containing a CPR number',
    },
    causationId: {
      type: ['string', 'null'],
      pattern: TRACE_ID_PATTERN.source,
      description: 'id of the event or request that caused this one (same form as correlationId)',
    },
    data: { type: 'object' },
  },
};

/** Kafka headers on every event Selvbook publishes (one list with the producer: ../headers.ts). */
export const HEADERS_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    'Set by Selvbook on every event it publishes; a producer to selvbook.citizen.v1 may leave them ' +
    'out. Header values are UTF-8 strings. Messages on `<topic>.dlq` also carry `dlq-reason`, ' +
    '`dlq-original-topic`, `dlq-original-partition`, `dlq-original-offset`, `dlq-consumer` and `dlq-failed-at`.',
  properties: Object.fromEntries(
    Object.entries(EVENT_HEADER_DOCS).map(([name, doc]) => [
      name,
      { ...HEADER_VALUES[name as EventHeaderName], description: doc.description },
    ]),
  ),
};
