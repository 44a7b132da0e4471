import {
  dlqTopic,
  EventEnvelope,
  isTraceId,
  ReplacedTraceIds,
  validateEvent,
  withSafeTraceIds,
} from '@selvbook/contracts';
import { preparedQuery } from '@selvbook/persistence';
import {
  contextInSpan,
  counterIn,
  endSpan,
  gaugeIn,
  histogramIn,
  LATENCY_BUCKETS,
  newContext,
  runInContext,
  SpanKind,
  startSpan,
} from '@selvbook/platform';
import { createHash } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import { Header, headerValue } from '../kafka/headers';
import { describeFailure } from '../kafka/kafka-client';
import type { KafkaConnectivity } from '../kafka/kafka-connectivity';
import { NonRetryableError } from './errors';

/** The effect of one event, run inside the transaction that also records the event in the inbox. */
export type EventHandler = (event: EventEnvelope, tx: EntityManager) => Promise<void>;

/**
 * The effect of consecutive events of one type, applied together: a hot path's one statement for many
 * events instead of a round trip per event. It gets every run of consecutive new events of its type in a
 * partition's chunk, in offset order (one event when a failed chunk is replayed message by message), and
 * runs without an event's context: it records state; events it writes would start a trace of their own.
 */
export type EventBatchHandler = (events: EventEnvelope[], tx: EntityManager) => Promise<void>;

export interface EventConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  /** Used for the DLQ; the service's idempotent producer. */
  producer: Producer;
  logger: Logger;
  /** Consumer group, and the inbox's consumer name: a redelivered event is recognised per consumer. */
  groupId: string;
  topics: string[];
  handlers: Record<string, EventHandler>;
  /** Types applied in runs rather than one by one; a type has a handler or a batch handler, not both. */
  batchHandlers?: Record<string, EventBatchHandler>;
  metrics?: Registry;
  maxAttempts?: number;
  initialBackoffMs?: number;
  maxWaitTimeInMs?: number;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  fromBeginning?: boolean;
  /** How many partitions are applied at once; default 4. */
  partitionsConsumedConcurrently?: number;
  /** Most messages applied in one transaction on the fast path. */
  chunkSize?: number;
  /** Told whether the consumer is connected (role 'consumer'): joined, fetching, heartbeating, or crashed. */
  connectivity?: KafkaConnectivity;
  /** How often the group's lag (end offset − committed offset per partition) is read for its gauge; default 15 s. */
  lagIntervalMs?: number;
}

/**
 * Why a message went to the DLQ, as a low-cardinality class (the full reason is in its `dlq-reason` header):
 * malformed (empty or not JSON), contract (not a valid event), rejected (the handler refused it for good),
 * failed (still failing after every retry).
 */
export type DlqReasonClass = 'malformed' | 'contract' | 'rejected' | 'failed';

type Outcome = 'processed' | 'duplicate';

/**
 * Consumes events with an idempotent inbox. Fast path: one transaction per fetched batch (inbox rows and
 * effects together). If anything in it fails, the batch is rolled back and replayed message by message
 * with retries and backoff; a message that still fails (or is malformed) goes to `<topic>.dlq` with its
 * reason and the consumer keeps going. Offsets are committed only after the effects are.
 */
export class EventConsumer {
  private consumer?: Consumer;
  private readonly maxAttempts: number;
  private readonly initialBackoffMs: number;
  private readonly chunkSize: number;
  private readonly counter?: Counter<'type' | 'outcome'>;
  private readonly conflicts?: Counter<'type'>;
  private readonly duration?: Histogram<'type'>;
  private readonly retries?: Counter<'type'>;
  private readonly dlq?: Counter<'topic' | 'reason'>;
  private readonly lag?: Gauge<'group' | 'topic' | 'partition'>;
  private lagTimer?: NodeJS.Timeout;
  private admin?: Admin;

  constructor(private readonly options: EventConsumerOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.initialBackoffMs = options.initialBackoffMs ?? 100;
    this.chunkSize = options.chunkSize ?? 200;
    const both = Object.keys(options.batchHandlers ?? {}).filter((type) => options.handlers[type]);
    if (both.length > 0) throw new Error(`EventConsumer: ${both.join(', ')} has both a handler and a batch handler`);
    if (options.metrics) {
      this.counter = counterIn(options.metrics, {
        name: 'selvbook_consumer_events_total',
        help: 'Consumed events by type and outcome (processed, duplicate, ignored, dlq)',
        labelNames: ['type', 'outcome'],
      });
      this.conflicts = counterIn(options.metrics, {
        name: 'selvbook_consumer_event_id_conflicts_total',
        help:
          'Events whose id was already in the inbox with other content ' +
          '(an id reused, e.g. for another citizen): not applied again',
        labelNames: ['type'],
      });
      this.duration = histogramIn(options.metrics, {
        name: 'selvbook_consumer_processing_duration_seconds',
        help:
          'Time to apply one event (inbox row and effects), by type; ' +
          "on the batch path a chunk's time shared among its events",
        labelNames: ['type'],
        buckets: LATENCY_BUCKETS,
      });
      this.retries = counterIn(options.metrics, {
        name: 'selvbook_consumer_retries_total',
        help: 'Failed attempts at an event that were retried, by type',
        labelNames: ['type'],
      });
      this.dlq = counterIn(options.metrics, {
        name: 'selvbook_consumer_dlq_messages_total',
        help:
          'Messages written to a DLQ, by the topic they came from ' +
          'and reason class (malformed, contract, rejected, failed)',
        labelNames: ['topic', 'reason'],
      });
      this.lag = gaugeIn(options.metrics, {
        name: 'selvbook_consumer_lag_messages',
        help:
          "Messages not yet consumed (end offset minus the group's " +
          'committed offset), per group, topic and partition; read every 15 s',
        labelNames: ['group', 'topic', 'partition'],
      });
    }
  }

  /**
   * Reads the group's committed offsets and the topics' end offsets with the admin client (two requests per
   * topic, on an interval, never per scrape). A partition the group never committed counts from its start.
   */
  async refreshLag(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    const admin = this.admin ?? (this.admin = kafka.admin());
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      const byPartition = new Map(partitions.map((p) => [p.partition, Number(p.offset)]));
      for (const end of ends) {
        const at = byPartition.get(end.partition);
        const from = at !== undefined && at >= 0 ? at : Number(end.low);
        this.lag?.set(
          { group: groupId, topic, partition: String(end.partition) },
          Math.max(0, Number(end.high) - from),
        );
      }
    }
  }

  private startLagSampling(): void {
    if (!this.lag || this.lagTimer) return;
    const intervalMs = this.options.lagIntervalMs ?? 15000;
    const tick = async () => {
      await this.refreshLag().catch((error) => this.options.logger.debug({ err: error }, 'consumer lag not read'));
      if (this.lagTimer) this.lagTimer = setTimeout(() => void tick(), intervalMs).unref();
    };
    this.lagTimer = setTimeout(() => void tick(), 0).unref();
  }

  private async stopLagSampling(): Promise<void> {
    if (this.lagTimer) clearTimeout(this.lagTimer);
    this.lagTimer = undefined;
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }

  /** Joins the group and starts consuming; throws if the broker cannot be reached (call again to retry). */
  async start(): Promise<void> {
    const { kafka, groupId, topics, connectivity } = this.options;
    const consumer = kafka.consumer({
      groupId,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 500,
      sessionTimeout: this.options.sessionTimeout ?? 30000,
      heartbeatInterval: this.options.heartbeatInterval ?? 3000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    // kafkajs restarts a consumer that crashed on a retriable error (a lost broker) by itself, until it is back.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.consumer !== consumer) return; // stopped: its connections were closed on purpose
      connectivity?.down('consumer', payload.error);
      if (payload.restart)
        this.options.logger.warn(describeFailure(payload.error), 'consumer lost the broker; kafkajs restarts it');
      else this.options.logger.error({ err: payload.error }, 'consumer crashed and is not restarted');
    });
    if (connectivity) {
      for (const event of [consumer.events.GROUP_JOIN, consumer.events.FETCH, consumer.events.HEARTBEAT])
        consumer.on(event, () => connectivity.up('consumer'));
    }
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
      await consumer.run({
        eachBatchAutoResolve: false,
        // Partitions are independent (order matters per citizen, and a citizen stays on one partition),
        // so several are applied at once, each in its own transaction.
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 4,
        // Offsets are committed at most every 500 ms, not after every batch: a replay after a crash is
        // absorbed by the inbox, and a commit round trip per small batch halves throughput.
        autoCommit: true,
        autoCommitInterval: 500,
        eachBatch: (payload) => this.onBatch(payload),
      });
      this.startLagSampling();
    } catch (error) {
      await this.stop().catch(() => undefined);
      connectivity?.down('consumer', error); // after stop(), which would say 'stopped'
      throw error;
    }
  }

  /** Stops fetching, lets the batch in flight finish and commits its offsets. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await this.stopLagSampling();
    await consumer?.disconnect();
    this.options.connectivity?.down('consumer', 'stopped');
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    // Chunks bound the transaction and let a heartbeat out between them.
    for (let start = 0; start < batch.messages.length; start += this.chunkSize) {
      if (!isRunning() || isStale()) return;
      const items = batch.messages.slice(start, start + this.chunkSize).map(parse);
      for (const item of items) if (item.replacedTraceIds) this.logReplacedTraceIds(item);
      if (items.every((i) => i.event) && (await this.tryWholeBatch(items as Received[]))) {
        resolveOffset(items[items.length - 1].message.offset);
        await heartbeat();
        continue;
      }
      // Slow path: isolate what fails.
      for (const item of items) {
        if (!isRunning() || isStale()) return;
        if (item.event) await this.processOne(item as Received, batch.topic, batch.partition, heartbeat);
        else
          await this.deadLetter(
            item.message,
            batch.topic,
            batch.partition,
            item.reason ?? 'invalid',
            'malformed',
            item.reasonClass ?? 'malformed',
          );
        resolveOffset(item.message.offset);
        await heartbeat();
      }
    }
  }

  private async tryWholeBatch(items: Received[]): Promise<boolean> {
    const handled = items.filter((i) => this.handles(i.event.type));
    const outcomes = new Map<Received, Outcome>();
    let conflicts: Received[] = [];
    const started = performance.now();
    try {
      if (handled.length > 0) {
        await this.options.dataSource.transaction(async (tx) => {
          const { fresh, conflicting } = await this.recordInInbox(tx, handled);
          conflicts = conflicting;
          for (const item of handled) outcomes.set(item, fresh.has(item) ? 'processed' : 'duplicate');
          await this.applyInOrder(
            handled.filter((i) => fresh.has(i)),
            tx,
          );
        });
      }
    } catch (error) {
      this.options.logger.debug({ err: error }, 'batch failed; replaying message by message');
      return false;
    }
    const share = (performance.now() - started) / 1000 / Math.max(1, handled.length);
    for (const item of handled) this.duration?.observe({ type: item.event.type }, share);
    for (const item of items) this.counter?.inc({ type: item.event.type, outcome: outcomes.get(item) ?? 'ignored' });
    this.reportConflicts(conflicts);
    return true;
  }

  private async processOne(
    item: Received,
    topic: string,
    partition: number,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const { event } = item;
    if (!this.handles(event.type)) {
      this.counter?.inc({ type: event.type, outcome: 'ignored' });
      return;
    }
    let backoff = this.initialBackoffMs;
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        let outcome: Outcome = 'duplicate';
        let conflicts: Received[] = [];
        await this.options.dataSource.transaction(async (tx) => {
          const { fresh, conflicting } = await this.recordInInbox(tx, [item]);
          conflicts = conflicting;
          if (fresh.has(item)) {
            await this.applyInOrder([item], tx);
            outcome = 'processed';
          }
        });
        this.duration?.observe({ type: event.type }, (performance.now() - started) / 1000);
        this.counter?.inc({ type: event.type, outcome });
        this.reportConflicts(conflicts);
        return;
      } catch (error) {
        const reason = (error as Error).message;
        if (error instanceof NonRetryableError || attempt >= this.maxAttempts) {
          this.options.logger.error(
            { err: error, eventId: event.id, eventType: event.type, attempt },
            'event failed; sent to DLQ',
          );
          await this.deadLetter(
            item.message,
            topic,
            partition,
            reason,
            event.type,
            error instanceof NonRetryableError ? 'rejected' : 'failed',
          );
          return;
        }
        this.retries?.inc({ type: event.type });
        this.options.logger.warn(
          { err: error, eventId: event.id, attempt, retryInMs: backoff },
          'event failed; retrying',
        );
        await delay(backoff);
        await heartbeat();
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  /**
   * Inserts the events' ids with their message digests; returns the items not seen before by this consumer
   * (of an id twice in the chunk, the first only: a relay's resend can land in the same fetch), and the
   * already-seen ones whose digest differs from the one recorded (the same id with other content: not a
   * redelivery). Those are rare, so only a chunk with duplicates pays the second look-up.
   */
  private async recordInInbox(
    tx: EntityManager,
    items: Received[],
  ): Promise<{ fresh: Set<Received>; conflicting: Received[] }> {
    const rows = await preparedQuery<{ event_id: string }>(
      tx,
      `INSERT INTO inbox (consumer, event_id, event_type, digest)
       SELECT $1, id, type, digest FROM unnest($2::uuid[], $3::text[], $4::bytea[]) AS e(id, type, digest)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.options.groupId, items.map((i) => i.event.id), items.map((i) => i.event.type), items.map((i) => i.digest)],
    );
    const inserted = new Set(rows.map((r) => r.event_id));
    // the first item of each inserted id is fresh; any other is a duplicate
    const inBatch = new Map<string, Received>();
    for (const item of items)
      if (inserted.has(item.event.id) && !inBatch.has(item.event.id)) inBatch.set(item.event.id, item);
    const fresh = new Set(inBatch.values());
    const seen = items.filter((i) => !fresh.has(i));
    if (seen.length === 0) return { fresh, conflicting: [] };
    const recorded = await preparedQuery<{ event_id: string; digest: Buffer | null }>(
      tx,
      `SELECT event_id, digest FROM inbox WHERE consumer = $1 AND event_id = ANY ($2::uuid[])`,
      [this.options.groupId, seen.map((i) => i.event.id)],
    );
    const digests = new Map(recorded.map((r) => [r.event_id, r.digest]));
    const conflicting = seen.filter((i) => {
      // an id inserted by this chunk is compared with its first item (the row holds that digest, too)
      const earlier = inBatch.get(i.event.id)?.digest ?? digests.get(i.event.id);
      return earlier != null && !earlier.equals(i.digest);
    });
    return { fresh, conflicting };
  }

  /**
   * An event id already applied, arriving with other content: not applied again (the inbox holds), but never silently.
   */
  private reportConflicts(items: Received[]): void {
    for (const { event, message } of items) {
      this.conflicts?.inc({ type: event.type });
      // ids and positions only: the content may name a citizen, and a hostile one anything
      this.options.logger.warn(
        { eventId: isTraceId(event.id) ? event.id : undefined, eventType: event.type, offset: message.offset },
        'event id already applied with other content (reused id?): dropped as a duplicate',
      );
    }
  }

  private handles(type: string): boolean {
    return Boolean(this.options.handlers[type] ?? this.options.batchHandlers?.[type]);
  }

  /** Applies events in their order: one by one, or each run of consecutive events of a batch-handled type at once. */
  private async applyInOrder(items: Received[], tx: EntityManager): Promise<void> {
    for (let start = 0; start < items.length;) {
      const type = items[start].event.type;
      const batch = this.options.batchHandlers?.[type];
      if (!batch) {
        await this.apply(items[start++], tx);
        continue;
      }
      let end = start + 1;
      while (end < items.length && items[end].event.type === type) end++;
      await batch(
        items.slice(start, end).map((i) => i.event),
        tx,
      );
      start = end;
    }
  }

  private logReplacedTraceIds({ event, replacedTraceIds }: Parsed): void {
    this.options.logger.debug(
      {
        eventId: event && isTraceId(event.id) ? event.id : undefined,
        eventType: event?.type,
        replaced: replacedTraceIds,
        correlationId: event?.correlationId,
      },
      'incoming event: correlation or causation id is not a uuid or W3C trace id; replaced',
    );
  }

  /**
   * Runs the handler in the event's context, so events it causes carry its correlation and trace. The event's
   * id becomes their causation id, unless a producer outside Selvbook chose a CPR-shaped uuid as the event id.
   */
  private async apply({ event, traceparent }: Received, tx: EntityManager): Promise<void> {
    const context = newContext({
      correlationId: event.correlationId,
      causationId: isTraceId(event.id) ? event.id : undefined,
      traceparent,
    });
    // traced: the handling is a consumer span, a child of the producer's (the message's traceparent)
    const span = startSpan(`${event.type} process`, {
      kind: SpanKind.CONSUMER,
      parent: traceparent ?? '',
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': this.options.groupId,
        'selvbook.event.type': event.type,
      },
    });
    try {
      await runInContext(contextInSpan(span, context)!, () => this.options.handlers[event.type](event, tx));
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
    endSpan(span);
  }

  private async deadLetter(
    message: KafkaMessage,
    topic: string,
    partition: number,
    reason: string,
    type: string,
    reasonClass: DlqReasonClass,
  ): Promise<void> {
    const headers: IHeaders = {
      ...message.headers,
      [Header.dlqReason]: reason.slice(0, 2000),
      [Header.dlqOriginalTopic]: topic,
      [Header.dlqOriginalPartition]: String(partition),
      [Header.dlqOriginalOffset]: message.offset,
      [Header.dlqConsumer]: this.options.groupId,
      [Header.dlqFailedAt]: new Date().toISOString(),
    };
    // If the DLQ cannot be written, this throws and the batch is retried: a bad message is never just dropped.
    await this.options.producer.send({
      topic: dlqTopic(topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    this.counter?.inc({ type, outcome: 'dlq' });
    this.dlq?.inc({ topic, reason: reasonClass });
  }
}

interface Parsed {
  message: KafkaMessage;
  event?: EventEnvelope;
  traceparent?: string;
  reason?: string;
  reasonClass?: DlqReasonClass;
  /** first 16 bytes of the message's SHA-256: tells a redelivery from another event under the same id */
  digest?: Buffer;
  /** correlation or causation ids of the incoming envelope that were replaced (for a debug line) */
  replacedTraceIds?: ReplacedTraceIds;
}
type Received = Parsed & { event: EventEnvelope; digest: Buffer };

function parse(message: KafkaMessage): Parsed {
  if (!message.value) return { message, reason: 'empty message', reasonClass: 'malformed' };
  let raw: unknown;
  try {
    raw = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    return { message, reason: `malformed JSON: ${(error as Error).message}`, reasonClass: 'malformed' };
  }
  // A producer's choice of trace id never decides whether the event takes effect (nor is a bad one passed on).
  const { envelope, replaced } = withSafeTraceIds(raw);
  const result = validateEvent(envelope);
  if (!result.ok) return { message, reason: `contract violation: ${result.reason}`, reasonClass: 'contract' };
  const digest = createHash('sha256').update(message.value).digest().subarray(0, 16);
  return {
    message,
    event: result.event,
    digest,
    traceparent: headerValue(message.headers, Header.traceparent),
    replacedTraceIds: replaced,
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
