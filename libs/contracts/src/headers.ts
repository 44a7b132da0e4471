/**
 * The Kafka headers on every event Selvbook publishes (the outbox writes them, libs/messaging), with what each
 * carries. One list for the producer and the AsyncAPI document, so the document cannot leave one out.
 */
export const EventHeader = {
  eventType: 'event-type',
  eventVersion: 'event-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  contentType: 'content-type',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export type EventHeaderName = (typeof EventHeader)[keyof typeof EventHeader];

export interface EventHeaderDoc {
  description: string;
  /** on every event Selvbook publishes */
  always: boolean;
}

export const EVENT_HEADER_DOCS: Record<EventHeaderName, EventHeaderDoc> = {
  'event-type': {
    always: true,
    description:
      'the envelope `type` (e.g. `akasse.deadline-missed`): route or skip a message without parsing its value',
  },
  'event-version': { always: true, description: 'the envelope `version` as a decimal string (e.g. `1`)' },
  'correlation-id': {
    always: true,
    description: 'the envelope `correlationId`: ties one business flow together across services; log it',
  },
  'causation-id': {
    always: false,
    description: 'the envelope `causationId`, when set: the id of the event or request that caused this one',
  },
  'content-type': { always: true, description: 'always `application/json`: the value is a UTF-8 JSON `EventEnvelope`' },
  traceparent: {
    always: true,
    description: 'W3C trace context (`00-<trace id>-<span id>-<flags>`): continue the trace in your own spans',
  },
  tracestate: {
    always: false,
    description: 'W3C vendor trace state; Selvbook does not set it today, but a consumer must accept it',
  },
};
