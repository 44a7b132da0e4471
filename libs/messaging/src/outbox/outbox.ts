import {
  ContractViolationError,
  EventEnvelope,
  findEventDefinition,
  topicsFor,
  validateEvent,
} from '@selvbook/contracts';
import { joinJsonTexts, jsonTextsOf } from '@selvbook/persistence';
import { currentContext, endSpan, newTraceparent, startSpan, traceparentOf } from '@selvbook/platform';
import type { EntityManager, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { Header } from '../kafka/headers';

export const OUTBOX_CHANNEL = 'selvbook_outbox';

/**
 * How many shards the outbox's keys are spread over (the `shard` column, OutboxShards1764400000001); each is
 * published by one relay at a time.
 */
export const OUTBOX_SHARDS = 16;

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
  // traced: the append is a span, and the rows carry it, so their consumers' spans are its children
  const span = startSpan('outbox append', { attributes: { 'messaging.batch.message_count': events.length } });
  const rows = outboxRowsOf(events, span && traceparentOf(span));
  // One statement per batch (1,000 events are one round trip).
  try {
    await tx.query(
      `INSERT INTO outbox (event_id, event_type, topic, also_to, key, payload, headers)
       SELECT r.event_id, r.event_type, r.topic, r.also_to, r.key, r.payload, r.headers FROM ${outboxRowsFrom(1)}
         ORDER BY r.n`,
      outboxRowParameters(rows),
    );
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
  endSpan(span);
  if (tx.queryRunner?.isTransactionActive) tx.queryRunner.data[OUTBOX_WRITTEN] = true;
  else await tx.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`); // autocommitted: wake the relay directly
}

/**
 * Outbox rows as the seven parameters `outboxRowsFrom` reads: one array per column, the JSON columns each as
 * one joined text (see joinJsonTexts: `json_to_recordset` would parse every payload character twice).
 */
export function outboxRowParameters(rows: readonly OutboxRow[]): unknown[] {
  return [
    rows.map((r) => r.event_id),
    rows.map((r) => r.event_type),
    rows.map((r) => r.topic),
    rows.map((r) => r.also_to.join(' ')), // topic names hold no spaces
    rows.map((r) => r.key),
    joinJsonTexts(rows.map((r) => r.payload)),
    joinJsonTexts(rows.map((r) => r.headers)),
  ];
}

/**
 * SQL: a FROM item `r` over the rows of `outboxRowParameters` bound from \$first on, in their order
 * (`r.n` from 1), with the outbox's column names and types — for `appendToOutbox`, and for a hot path
 * that writes its outbox rows in the same statement as its change (one round trip).
 */
export function outboxRowsFrom(first: number): string {
  const $ = (i: number) => `$${first + i}`;
  return `(SELECT event_id, event_type, topic, string_to_array(also_to, ' ') AS also_to, key, payload::json AS payload,
              headers::jsonb AS headers, n
       FROM unnest(${$(0)}::uuid[], ${$(1)}::text[], ${$(2)}::text[], ${$(3)}::text[], ${$(4)}::text[],
         ${jsonTextsOf($(5))}, ${jsonTextsOf($(6))})
            WITH ORDINALITY AS u(event_id, event_type, topic, also_to, key, payload, headers, n)) r`;
}

/** One outbox row, in its column names (what appendToOutbox and the booking statement write). */
export interface OutboxRow {
  event_id: string;
  event_type: string;
  /** the first topic (the internal one, if the event has one); the relay also sends the row to `also_to` */
  topic: string;
  also_to: string[];
  key: string;
  payload: EventEnvelope;
  headers: Record<string, string>;
}

/**
 * The outbox rows of `events`, one per event, each validated strictly against its contract: what
 * `appendToOutbox` writes, and what a hot path writing its rows inside its own statement must write too.
 */
export function outboxRowsOf(
  events: (EventEnvelope | OutgoingEvent)[],
  traceparent = currentContext()?.traceparent ?? newTraceparent(),
): OutboxRow[] {
  // Events written together without a surrounding context (a batch job) share one new trace: one unit of work.
  return events.map((item) => {
    const { event, topic } = isOutgoing(item) ? item : { event: item, topic: undefined };
    const validation = validateEvent(event, { strict: true });
    if (!validation.ok) throw new ContractViolationError(`${event.type}@${event.version}: ${validation.reason}`);
    const headers: Record<string, string> = {
      [Header.correlationId]: event.correlationId,
      [Header.traceparent]: traceparent,
      [Header.eventType]: event.type,
      [Header.eventVersion]: String(event.version),
      [Header.contentType]: 'application/json',
    };
    if (event.causationId) headers[Header.causationId] = event.causationId;
    const [first, ...alsoTo] = topic
      ? [topic]
      : topicsFor(findEventDefinition(event.type, event.version)!, event.data as object);
    return {
      event_id: event.id,
      event_type: event.type,
      topic: first,
      also_to: alsoTo,
      key: event.subject,
      payload: event,
      headers,
    };
  });
}

/**
 * Tells the outbox relay (and anything else listening for commits that wrote the outbox) that a statement
 * outside a TypeORM transaction committed outbox rows: the same `afterTransactionCommit` notice, with the
 * same `OUTBOX_WRITTEN` mark, that a TypeORM transaction using `appendToOutbox` gives on commit. The relay
 * in this process is woken in-process if it holds any outbox shard, and unless it holds all of them it also
 * sends one throttled NOTIFY for the replicas holding the others.
 */
export function announceOutboxCommit(dataSource: { subscribers: EntitySubscriberInterface[] }): void {
  for (const subscriber of dataSource.subscribers) {
    subscriber.afterTransactionCommit?.({
      queryRunner: { data: { [OUTBOX_WRITTEN]: true } },
    } as unknown as TransactionCommitEvent);
  }
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
