import type { IHeaders } from 'kafkajs';

/** Header names on every Selvbook message; consumers rebuild the event context from them. */
export const Header = {
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  traceparent: 'traceparent',
  eventType: 'event-type',
  eventVersion: 'event-version',
  contentType: 'content-type',
  dlqReason: 'dlq-reason',
  dlqOriginalTopic: 'dlq-original-topic',
  dlqOriginalPartition: 'dlq-original-partition',
  dlqOriginalOffset: 'dlq-original-offset',
  dlqConsumer: 'dlq-consumer',
  dlqFailedAt: 'dlq-failed-at',
} as const;

export function headerValue(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
