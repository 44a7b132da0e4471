import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  BaseServiceConfig,
  kafkaBrokers,
  MetricsRegistry,
  ReadinessRegistry,
  ROOT_LOGGER,
  SERVICE_CONFIG,
  SERVICE_NAME,
} from '@selvbook/platform';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { EventConsumer, EventHandler } from './consumer/event-consumer';
import { createIdempotentProducer, createKafka, describeFailure } from './kafka/kafka-client';
import { KafkaConnectivity } from './kafka/kafka-connectivity';
import { kafkaSecurity } from './kafka/kafka-security';
import { TopicDirectory } from './outbox/topic-directory';
import { OutboxRelay } from './outbox/outbox-relay';

export const KAFKA = Symbol('KAFKA');
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
export const EVENT_HANDLERS = Symbol('EVENT_HANDLERS');

/** What an app provides under EVENT_HANDLERS: its thin consumer, mapping event types to use cases. */
export interface EventHandlerSet {
  handlers(): Record<string, EventHandler>;
}

export interface MessagingOptions {
  /** Topics this service consumes; none → the service only produces (through its outbox). */
  consumes?: string[];
  /** Consumer group; defaults to the service name. */
  groupId?: string;
}

const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** Longest wait between two attempts to start the consumer while the broker is unreachable. */
const CONSUMER_RETRY_MAX_MS = 10000;

/**
 * Starts the outbox relay and the consumer after boot; stops both (finishing in-flight work) before the pool
 * closes. The broker is not needed to start or to serve: both keep retrying it, and its state is reported
 * (readiness body, `selvbook_kafka_connected`), not made a condition of readiness.
 */
@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: OutboxRelay;
  readonly connectivity: KafkaConnectivity;
  consumer?: EventConsumer;
  private stopping = false;
  private consumerStart?: Promise<void>;
  private wakeConsumerStart?: () => void;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
    @Inject(SERVICE_NAME) private readonly serviceName: string,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
    private readonly metrics: MetricsRegistry,
    private readonly moduleRef: ModuleRef,
  ) {
    this.connectivity = new KafkaConnectivity(options.consumes?.length ? ['producer', 'consumer'] : ['producer'], metrics.registry);
    this.relay = new OutboxRelay({
      dataSource,
      databaseUrl: config.DATABASE_URL,
      producer,
      logger: logger.child({ component: 'outbox-relay' }),
      serviceName,
      metrics: metrics.registry,
      lingerMs: config.OUTBOX_LINGER_MS,
      connectivity: this.connectivity,
      topics: new TopicDirectory(() => this.listTopics()),
    });
  }

  onApplicationBootstrap(): void {
    this.readiness.report('kafka', () => this.connectivity.report());
    this.relay.start();
    if (this.options.consumes?.length) this.consumerStart = this.startConsumer(this.resolveHandlers());
  }

  /** The app's EVENT_HANDLERS, wherever the app provides it (its handlers depend on its own use cases). */
  private resolveHandlers(): Record<string, EventHandler> {
    try {
      return this.moduleRef.get<EventHandlerSet>(EVENT_HANDLERS, { strict: false }).handlers();
    } catch {
      throw new Error(`${this.serviceName} consumes ${this.options.consumes!.join(', ')} but provides no EVENT_HANDLERS`);
    }
  }

  private topicAdmin?: Admin;

  /** The broker's topics, for the relay's recipient-topic check (an admin client of its own, connected on first use). */
  private async listTopics(): Promise<string[]> {
    if (!this.topicAdmin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.topicAdmin = admin;
    }
    return this.topicAdmin.listTopics();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wakeConsumerStart?.();
    // Stopped before the start is awaited: a consumer still joining its group would otherwise wait out the
    // rebalance when the group's other members leave too (replicas stopped together: exit 1 after 30 s).
    await this.consumer?.stop();
    await this.consumerStart;
    await this.relay.stop();
    await this.topicAdmin?.disconnect().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
  }

  /**
   * Keeps trying while the broker is unreachable at boot, backing off 0.5 s, 1 s, 2 s … up to 10 s: the HTTP
   * API and the outbox work meanwhile. One EventConsumer, started again on each attempt (its metrics exist once).
   */
  private async startConsumer(handlers: Record<string, EventHandler>): Promise<void> {
    const logger = this.logger.child({ component: 'consumer' });
    const consumer = new EventConsumer({
      kafka: this.kafka,
      dataSource: this.dataSource,
      producer: this.producer,
      logger,
      groupId: this.options.groupId ?? this.serviceName,
      topics: this.options.consumes!,
      handlers,
      metrics: this.metrics.registry,
      maxWaitTimeInMs: this.config.KAFKA_MAX_WAIT_MS,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      connectivity: this.connectivity,
    });
    this.consumer = consumer;
    let backoff = 500;
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await consumer.start();
        if (attempt > 1) logger.info({ attempt }, 'consumer started: the broker is reachable');
        return;
      } catch (error) {
        if (this.stopping) return;
        logger.warn({ ...describeFailure(error), attempt, retryInMs: backoff }, 'consumer could not start (broker unreachable?); retrying');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, backoff);
          this.wakeConsumerStart = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        backoff = Math.min(backoff * 2, CONSUMER_RETRY_MAX_MS);
      }
    }
  }
}

/** Kafka client, idempotent producer, outbox relay and (optionally) the inbox consumer of one service. */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions = {}): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: KAFKA,
          inject: [SERVICE_CONFIG, SERVICE_NAME, ROOT_LOGGER],
          useFactory: (config: BaseServiceConfig, serviceName: string, logger: Logger) =>
            createKafka({
              clientId: config.INSTANCE_ID ? `${serviceName}-${config.INSTANCE_ID}` : serviceName,
              brokers: kafkaBrokers(config),
              logger,
              requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS,
              security: kafkaSecurity(config),
            }),
        },
        { provide: KAFKA_PRODUCER, inject: [KAFKA], useFactory: (kafka: Kafka) => createIdempotentProducer(kafka) },
        MessagingLifecycle,
      ],
      exports: [KAFKA, KAFKA_PRODUCER],
    };
  }
}
