import { EventHeader } from '@selvbook/contracts';
import type { IHeaders } from 'kafkajs';

/**
 * Header names on Selvbook messages; consumers rebuild the event context from them. The event headers are
 * the contract's (documented in the AsyncAPI document); the `dlq-*` ones only appear on `<topic>.dlq`.
 */
export const Header = {
  ...EventHeader,
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
