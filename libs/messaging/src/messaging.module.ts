import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import {
  BaseServiceConfig,
  Clock,
  kafkaBrokers,
  MetricsRegistry,
  ReadinessRegistry,
  ROOT_LOGGER,
  runsBackgroundWork,
  SERVICE_CONFIG,
  SERVICE_NAME,
  SERVICE_TRANSPORT,
} from '@selvbook/platform';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { EventConsumer } from './consumer/event-consumer';
import { InboxTransport } from './consumer/inbox-transport';
import { createIdempotentProducer, createKafka } from './kafka/kafka-client';
import { KafkaConnectivity } from './kafka/kafka-connectivity';
import { kafkaSecurity } from './kafka/kafka-security';
import { TopicDirectory } from './outbox/topic-directory';
import { OutboxRelay } from './outbox/outbox-relay';

export const KAFKA = Symbol('KAFKA');
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

export interface MessagingOptions {
  /**
   * Topics this service may consume (its Kafka ACL: SUBSCRIPTIONS in libs/contracts). The consumer subscribes
   * to the topics of the event types its `@OnEvent` handlers handle, which must be among these; none → the
   * service only produces (through its outbox).
   */
  consumes?: string[];
  /** Consumer group; defaults to the service name. */
  groupId?: string;
}

const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/**
 * Starts the outbox relay after boot and lets the inbox transport consume; stops the consumer, then the relay
 * (finishing in-flight work), before the pool closes. The broker is not needed to start or to serve: both
 * keep retrying it, and its state is reported (readiness body, `selvbook_kafka_connected`), not made a
 * condition of readiness.
 */
@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: OutboxRelay;
  private topicAdmin?: Admin;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
    @Inject(SERVICE_NAME) serviceName: string,
    @Inject(ROOT_LOGGER) logger: Logger,
    dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
    metrics: MetricsRegistry,
    private readonly connectivity: KafkaConnectivity,
    private readonly transport: InboxTransport,
  ) {
    this.relay = new OutboxRelay({
      dataSource,
      databaseUrl: config.DATABASE_URL,
      producer,
      logger: logger.child({ component: 'outbox-relay' }),
      serviceName,
      metrics: metrics.registry,
      lingerMs: config.OUTBOX_LINGER_MS,
      connectivity,
      topics: new TopicDirectory(() => this.listTopics()),
    });
  }

  onApplicationBootstrap(): void {
    if (!runsBackgroundWork(this.config)) return; // an API-only replica: neither relay nor consumer
    this.readiness.report('kafka', () => this.connectivity.report());
    this.relay.start();
    this.transport.ready();
  }

  /**
   * The broker's topics, for the relay's recipient-topic check (an admin client of its own, connected on first use).
   */
  private async listTopics(): Promise<string[]> {
    if (!this.topicAdmin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.topicAdmin = admin;
    }
    return this.topicAdmin.listTopics();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // The consumer first (Nest would close the transport only after these hooks, with the producer gone).
    await this.transport.close();
    await this.relay.stop();
    await this.topicAdmin?.disconnect().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
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
              // an API-only replica never connects: it needs neither the CA mount nor a KafkaUser of its own
              security: runsBackgroundWork(config) ? kafkaSecurity(config) : {},
            }),
        },
        { provide: KAFKA_PRODUCER, inject: [KAFKA], useFactory: (kafka: Kafka) => createIdempotentProducer(kafka) },
        {
          provide: KafkaConnectivity,
          inject: [MetricsRegistry, SERVICE_CONFIG],
          // an API-only replica has no Kafka client to report (nor a disconnected one to alert on)
          useFactory: (metrics: MetricsRegistry, config: BaseServiceConfig) =>
            new KafkaConnectivity(
              !runsBackgroundWork(config) ? [] : options.consumes?.length ? ['producer', 'consumer'] : ['producer'],
              metrics.registry,
            ),
        },
        {
          provide: InboxTransport,
          inject: [
            KAFKA,
            KAFKA_PRODUCER,
            SERVICE_CONFIG,
            SERVICE_NAME,
            ROOT_LOGGER,
            DataSource,
            MetricsRegistry,
            KafkaConnectivity,
            Clock,
          ],
          useFactory: (
            kafka: Kafka,
            producer: Producer,
            config: BaseServiceConfig,
            serviceName: string,
            rootLogger: Logger,
            dataSource: DataSource,
            metrics: MetricsRegistry,
            connectivity: KafkaConnectivity,
            clock: Clock,
          ) => {
            const logger = rootLogger.child({ component: 'consumer' });
            return new InboxTransport({
              serviceName,
              allowedTopics: options.consumes ?? [],
              now: () => clock.now(),
              logger,
              createConsumer: (handlers, topics) =>
                new EventConsumer({
                  kafka,
                  dataSource,
                  producer,
                  logger,
                  groupId: options.groupId ?? serviceName,
                  topics,
                  handlers,
                  metrics: metrics.registry,
                  maxWaitTimeInMs: config.KAFKA_MAX_WAIT_MS,
                  sessionTimeout: 10000,
                  heartbeatInterval: 1000,
                  connectivity,
                }),
            });
          },
        },
        { provide: SERVICE_TRANSPORT, useExisting: InboxTransport },
        MessagingLifecycle,
      ],
      exports: [KAFKA, KAFKA_PRODUCER, InboxTransport, SERVICE_TRANSPORT],
    };
  }
}
