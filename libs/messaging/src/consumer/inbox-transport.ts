import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import {
  EventDefinition,
  EventEnvelope,
  findEventDefinition,
  INTERNAL_TOPICS,
  knownVersions,
} from '@selvbook/contracts';
import type { Logger } from 'pino';
import { isObservable, lastValueFrom } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { describeFailure } from '../kafka/kafka-client';
import { NonRetryableError } from './errors';
import type { EventHandler } from './event-consumer';
import { EVENT_DEFINITION, HANDLER_NAME, INBOX_TRANSPORT, InboxContext } from './on-event';

/** What the transport starts once it has its handlers: the inbox consumer (EventConsumer). */
export interface InboxConsumer {
  /** Joins the group and starts consuming; throws if the broker cannot be reached (called again to retry). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface InboxTransportOptions {
  serviceName: string;
  /**
   * The topics the service may read (its Kafka ACL, SUBSCRIPTIONS in libs/contracts); a handler of an event
   * on any other topic fails at boot. Absent: any internal topic.
   */
  allowedTopics?: readonly string[];
  /** The service's Clock. */
  now: () => Date;
  /** Builds the consumer for these handlers (by event type), subscribed to exactly these topics. */
  createConsumer: (handlers: Record<string, EventHandler>, topics: string[]) => InboxConsumer;
  logger: Logger;
  /** Longest wait between two attempts to start the consumer while the broker is unreachable; default 10 s. */
  retryMaxMs?: number;
}

interface Registered {
  definition: EventDefinition;
  name: string;
  handler: MessageHandler;
}

/**
 * A custom transport for `@nestjs/microservices` over the inbox consumer: Nest collects the `@OnEvent`
 * methods of the app's controllers and registers each here (`addHandler`); the transport checks them against
 * the contract registry (a handler of an unknown event type, or a second handler of a type, fails the boot),
 * subscribes to the topics of the handled types and hands each received event to its handler inside the inbox
 * transaction. Outbox, inbox dedup, retries, DLQ and ordering stay the consumer's.
 *
 * Connected by `createServiceApp` (`app.connectMicroservice({ strategy })`, `app.startAllMicroservices()`);
 * it consumes once listening and the application has bootstrapped (migrations run, hooks done): `ready()`.
 * The broker is not needed to start: the consumer keeps trying it, backing off 0.5 s, 1 s, 2 s … up to 10 s.
 */
export class InboxTransport extends Server implements CustomTransportStrategy {
  override readonly transportId = INBOX_TRANSPORT;
  private readonly registered = new Map<string, Registered>();
  private listening = false;
  private bootstrapped = false;
  private closed = false;
  private consumer?: InboxConsumer;
  private consumerStart?: Promise<void>;
  private wakeConsumerStart?: () => void;

  constructor(private readonly options: InboxTransportOptions) {
    super();
  }

  /** Called by Nest for every `@OnEvent` (or other pattern) handler of the app's controllers. */
  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    const type = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
    const definition = extras[EVENT_DEFINITION] as EventDefinition | undefined;
    const name = (extras[HANDLER_NAME] as string | undefined) ?? type;
    const fail = (why: string) => new Error(`${this.options.serviceName}: ${why}`);
    if (!isEventHandler)
      throw fail(`@MessagePattern(${type}): the inbox transport carries events, not requests; use @OnEvent`);
    if (!definition) {
      throw fail(
        knownVersions(type).length > 0 || typeof pattern !== 'string'
          ? `the handler of ${type} must be declared with @OnEvent(<its event definition>)`
          : `a handler for unknown event type ${type}`,
      );
    }
    if (findEventDefinition(definition.type, definition.version) !== definition) {
      throw fail(
        `${name} handles unknown event type ${definition.type}@${definition.version} (not in libs/contracts' registry)`,
      );
    }
    if (!INTERNAL_TOPICS.includes(definition.topic)) {
      throw fail(
        `${name} handles ${definition.type}, which is written to recipient topics only; no service consumes those`,
      );
    }
    const allowed = this.options.allowedTopics;
    if (allowed && !allowed.includes(definition.topic)) {
      throw fail(
        `${name} handles ${definition.type} on ${definition.topic}, which ` +
          `the service's subscriptions (${allowed.join(', ')}) do not include`,
      );
    }
    const other = this.registered.get(definition.type);
    if (other) throw fail(`two handlers for ${definition.type}: ${other.name} and ${name}`);
    this.registered.set(definition.type, { definition, name, handler: callback });
    super.addHandler(definition.type, callback, isEventHandler, extras);
  }

  /** The topics of the handled event types: what the consumer subscribes to. */
  topics(): string[] {
    return [...new Set([...this.registered.values()].map((r) => r.definition.topic))];
  }

  /** The consumer's handlers: each event's data and an InboxContext, to its `@OnEvent` method. */
  eventHandlers(): Record<string, EventHandler> {
    const handlers: Record<string, EventHandler> = {};
    for (const [type, { definition, name, handler }] of this.registered) {
      handlers[type] = async (event: EventEnvelope, tx: EntityManager) => {
        if (event.version !== definition.version) {
          throw new NonRetryableError(`${name} handles ${type}@${definition.version}, not version ${event.version}`);
        }
        const result: unknown = await handler(event.data, new InboxContext([event, tx, this.options.now()]));
        // Nest's RPC proxy answers a thrown error with an erroring observable (RethrowToInbox keeps the error).
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      };
    }
    return handlers;
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.listening = true;
    this.startIfDue();
    callback();
  }

  /** The application has bootstrapped: the consumer may start (once the transport listens). */
  ready(): void {
    this.bootstrapped = true;
    this.startIfDue();
  }

  /** Stops fetching, lets the batch in flight finish and commits its offsets; idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.wakeConsumerStart?.();
    // Stopped before the start is awaited: a consumer still joining its group would otherwise wait out the
    // rebalance when the group's other members leave too (replicas stopped together: exit 1 after 30 s).
    await this.consumer?.stop();
    await this.consumerStart;
  }

  on(): never {
    throw new Error('InboxTransport emits no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private startIfDue(): void {
    if (!this.listening || !this.bootstrapped || this.closed || this.consumer || this.registered.size === 0) return;
    this.consumer = this.options.createConsumer(this.eventHandlers(), this.topics());
    this.consumerStart = this.keepStarting(this.consumer);
  }

  /** Keeps trying while the broker is unreachable: the HTTP API and the outbox work meanwhile. */
  private async keepStarting(consumer: InboxConsumer): Promise<void> {
    const { logger } = this.options;
    const maxMs = this.options.retryMaxMs ?? 10000;
    let backoff = 500;
    for (let attempt = 1; !this.closed; attempt++) {
      try {
        await consumer.start();
        if (attempt > 1) logger.info({ attempt }, 'consumer started: the broker is reachable');
        return;
      } catch (error) {
        if (this.closed) return;
        logger.warn(
          { ...describeFailure(error), attempt, retryInMs: backoff },
          'consumer could not start (broker unreachable?); retrying',
        );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, backoff);
          this.wakeConsumerStart = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        backoff = Math.min(backoff * 2, maxMs);
      }
    }
  }
}
