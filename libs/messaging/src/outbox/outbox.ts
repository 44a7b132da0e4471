import { ContractViolationError, EventEnvelope, findEventDefinition, topicsFor, validateEvent } from '@selvbook/contracts';
import { currentContext, newTraceparent } from '@selvbook/platform';
import type { EntityManager } from 'typeorm';
import { Header } from '../kafka/headers';

export const OUTBOX_CHANNEL = 'selvbook_outbox';

export interface OutgoingEvent {
  event: EventEnvelope;
  /**
   * Defaults to every topic the contract routes the event to: its internal topic plus the recipient
   * topics (a-kasse, jobcenter) named by its data. An explicit topic sends it there only.
   */
  topic?: string;
}

/** Marks a transaction as having written the outbox; the relay is woken when it commits. */
export const OUTBOX_WRITTEN = 'selvbookOutboxWritten';

/**
 * Writes events into the outbox inside the caller's transaction, so the state change and the events it
 * causes commit or roll back together. Each event is validated against its contract here: nothing
 * malformed ever reaches Kafka. The relay is woken after commit (see OutboxRelay), not by a NOTIFY
 * inside every transaction, which would serialise commits on PostgreSQL's notification queue.
 */
export async function appendToOutbox(tx: EntityManager, events: (EventEnvelope | OutgoingEvent)[]): Promise<void> {
  if (events.length === 0) return;
  const context = currentContext();
  const values: unknown[] = [];
  const rows: string[] = [];
  for (const item of events) {
    const { event, topic } = isOutgoing(item) ? item : { event: item, topic: undefined };
    const validation = validateEvent(event, { strict: true });
    if (!validation.ok) throw new ContractViolationError(`${event.type}@${event.version}: ${validation.reason}`);
    const definition = findEventDefinition(event.type, event.version)!;
    const headers: Record<string, string> = {
      [Header.correlationId]: event.correlationId,
      [Header.traceparent]: context?.traceparent ?? newTraceparent(),
      [Header.eventType]: event.type,
      [Header.eventVersion]: String(event.version),
      [Header.contentType]: 'application/json',
    };
    if (event.causationId) headers[Header.causationId] = event.causationId;
    const payload = JSON.stringify(event);
    for (const target of topic ? [topic] : topicsFor(definition, event.data as object)) {
      const n = values.length;
      rows.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::jsonb, $${n + 6}::jsonb)`);
      values.push(event.id, event.type, target, event.subject, payload, JSON.stringify(headers));
    }
  }
  await tx.query(`INSERT INTO outbox (event_id, event_type, topic, key, payload, headers) VALUES ${rows.join(', ')}`, values);
  if (tx.queryRunner?.isTransactionActive) tx.queryRunner.data[OUTBOX_WRITTEN] = true;
  else await tx.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`); // autocommitted: wake the relay directly
}

function isOutgoing(item: EventEnvelope | OutgoingEvent): item is OutgoingEvent {
  return 'event' in item;
}

/**
 * Correlation and causation for an event created while handling a request or an event:
 * `createEvent(def, data, { subject, source, ...causedBy() })` ties it into the flow that caused it.
 */
export function causedBy(): { correlationId?: string; causationId?: string | null } {
  const context = currentContext();
  return context ? { correlationId: context.correlationId, causationId: context.causationId ?? null } : {};
}
