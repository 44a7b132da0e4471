import { ContractViolationError, EventEnvelope, findEventDefinition, topicsFor, validateEvent } from '@selvbook/contracts';
import { Header, OUTBOX_WRITTEN } from '@selvbook/messaging';
import { currentContext, newTraceparent } from '@selvbook/platform';
import type { EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';

/** One outbox row, as `json_to_recordset` reads it inside a booking statement. */
export interface OutboxRowInput {
  event_id: string;
  event_type: string;
  /** the first topic (the internal one, if the event has one); the relay also sends the row to `also_to` */
  topic: string;
  also_to: string[];
  key: string;
  payload: EventEnvelope;
  headers: Record<string, string>;
  /**
   * A slot.availability-changed row whose `data.remainingCapacity` and `data.status` the statement fills
   * from the slot row it updated (they depend on the seat count the UPDATE leaves, not on what was read).
   */
  slot_counts?: boolean;
}

/**
 * The outbox rows of `events`, each validated strictly against its contract: one row per event, with the
 * same topics (`topic` + `also_to`) and headers as `appendToOutbox` (libs/messaging) writes; for a hot path that writes its outbox rows in the
 * same SQL statement as the change itself (one round trip), instead of a second statement.
 */
export function outboxRowsFor(events: { event: EventEnvelope; slotCounts?: boolean }[]): OutboxRowInput[] {
  const traceparent = currentContext()?.traceparent ?? newTraceparent();
  const rows: OutboxRowInput[] = [];
  for (const { event, slotCounts } of events) {
    const validation = validateEvent(event, { strict: true });
    if (!validation.ok) throw new ContractViolationError(`${event.type}@${event.version}: ${validation.reason}`);
    const definition = findEventDefinition(event.type, event.version)!;
    const headers: Record<string, string> = {
      [Header.correlationId]: event.correlationId,
      [Header.traceparent]: traceparent,
      [Header.eventType]: event.type,
      [Header.eventVersion]: String(event.version),
      [Header.contentType]: 'application/json',
    };
    if (event.causationId) headers[Header.causationId] = event.causationId;
    const [topic, ...alsoTo] = topicsFor(definition, event.data as object);
    rows.push({ event_id: event.id, event_type: event.type, topic, also_to: alsoTo, key: event.subject, payload: event, headers, ...(slotCounts ? { slot_counts: true } : {}) });
  }
  return rows;
}

/**
 * Tells the outbox relay (and anything else listening for commits that wrote the outbox) that a statement
 * outside a TypeORM transaction committed outbox rows: the same `afterTransactionCommit` notice, with the
 * same `OUTBOX_WRITTEN` mark, that a TypeORM transaction using `appendToOutbox` gives on commit. A relay
 * leading in this process is woken in-process; otherwise it sends one throttled NOTIFY to the leader.
 */
export function announceOutboxCommit(dataSource: { subscribers: EntitySubscriberInterface[] }): void {
  for (const subscriber of dataSource.subscribers) {
    subscriber.afterTransactionCommit?.({ queryRunner: { data: { [OUTBOX_WRITTEN]: true } } } as unknown as TransactionCommitEvent);
  }
}
