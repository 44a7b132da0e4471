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
import { createIdempotentProducer, createKafka } from './kafka/kafka-client';
import { kafkaSecurity } from './kafka/kafka-security';
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

/** Starts the outbox relay and the consumer after boot; stops both (finishing in-flight work) before the pool closes. */
@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: OutboxRelay;
  consumer?: EventConsumer;
  private admin?: Admin;
  private stopping = false;
  private consumerStart?: Promise<void>;

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
    this.relay = new OutboxRelay({
      dataSource,
      databaseUrl: config.DATABASE_URL,
      producer,
      logger: logger.child({ component: 'outbox-relay' }),
      serviceName,
      metrics: metrics.registry,
      lingerMs: config.OUTBOX_LINGER_MS,
    });
  }

  onApplicationBootstrap(): void {
    this.readiness.register('kafka', () => this.checkBroker());
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

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.consumerStart;
    await this.consumer?.stop();
    await this.relay.stop();
    await this.admin?.disconnect().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
  }

  /** Keeps trying while the broker is unreachable at boot: the HTTP API and the outbox work meanwhile. */
  private async startConsumer(handlers: Record<string, EventHandler>): Promise<void> {
    let backoff = 500;
    while (!this.stopping) {
      const consumer = new EventConsumer({
        kafka: this.kafka,
        dataSource: this.dataSource,
        producer: this.producer,
        logger: this.logger.child({ component: 'consumer' }),
        groupId: this.options.groupId ?? this.serviceName,
        topics: this.options.consumes!,
        handlers,
        metrics: this.metrics.registry,
        maxWaitTimeInMs: this.config.KAFKA_MAX_WAIT_MS,
        sessionTimeout: 10000,
        heartbeatInterval: 1000,
      });
      try {
        await consumer.start();
        this.consumer = consumer;
        return;
      } catch (error) {
        await consumer.stop().catch(() => undefined);
        this.logger.warn({ err: error, retryInMs: backoff }, 'consumer could not start; retrying');
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  private async checkBroker(): Promise<void> {
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    await this.admin.describeCluster();
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
