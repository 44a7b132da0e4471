import { dlqTopic, INTERNAL_TOPICS } from '@selvbook/contracts';
import { KafkaMockCluster } from '../kafka/mock-cluster';
import { TcpForwarder } from '../kafka/tcp-forwarder';
import { EmbeddedPostgresServer } from '../postgres/embedded-postgres';
import { devPublicKey } from '../auth/dev-auth';
import { ServiceProcess } from './service-process';

/** The four services, each with its own database and HTTP port on one machine. */
export const SERVICES = [
  { app: 'schedule-service', database: 'selvbook_schedule', port: 3001 },
  { app: 'deadline-service', database: 'selvbook_deadline', port: 3002 },
  { app: 'booking-service', database: 'selvbook_booking', port: 3003 },
  { app: 'notification-service', database: 'selvbook_notification', port: 3004 },
] as const;

export type ServiceName = (typeof SERVICES)[number]['app'];

/** Partitions per internal topic: enough for two replicas of each consumer to share work. */
export const INTERNAL_TOPIC_PARTITIONS = 6;

export interface InfrastructureOptions {
  postgresPort?: number;
  /** Fixed bootstrap port (a forwarder in front of the mock's random port); omit for the mock's own port. */
  kafkaPort?: number;
  dataDir?: string;
  /** Extra topics to create up front, e.g. recipient topics of known a-kasser and jobcenters. */
  topics?: string[];
  log?: (line: string) => void;
}

/** Real PostgreSQL + the Kafka-protocol mock broker, with every service's database and topic created. */
export class LocalInfrastructure {
  private constructor(
    readonly postgres: EmbeddedPostgresServer,
    readonly kafka: KafkaMockCluster,
    readonly bootstrapServers: string,
    private readonly forwarder?: TcpForwarder,
  ) {}

  static async start(options: InfrastructureOptions = {}): Promise<LocalInfrastructure> {
    const postgres = await EmbeddedPostgresServer.start({
      port: options.postgresPort,
      dataDir: options.dataDir,
      log: options.log,
    });
    try {
      for (const service of SERVICES) await postgres.createDatabase(service.database);
      const kafka = KafkaMockCluster.start({ brokers: 1 });
      for (const topic of [...INTERNAL_TOPICS, ...(options.topics ?? [])]) {
        kafka.createTopic(topic, INTERNAL_TOPIC_PARTITIONS);
        kafka.createTopic(dlqTopic(topic), 1);
      }
      let forwarder: TcpForwarder | undefined;
      let bootstrap = kafka.bootstrapServers;
      if (options.kafkaPort !== undefined) {
        const [host, port] = kafka.bootstrapServers.split(',')[0].split(':');
        forwarder = await TcpForwarder.start(options.kafkaPort, { host, port: Number(port) });
        bootstrap = `127.0.0.1:${forwarder.port}`;
      }
      return new LocalInfrastructure(postgres, kafka, bootstrap, forwarder);
    } catch (error) {
      await postgres.stop();
      throw error;
    }
  }

  databaseUrl(service: ServiceName): string {
    return this.postgres.url(SERVICES.find((s) => s.app === service)!.database);
  }

  /** The environment a service needs to run against this infrastructure. */
  serviceEnv(service: ServiceName, overrides: Record<string, string> = {}): Record<string, string> {
    return {
      PORT: String(SERVICES.find((s) => s.app === service)!.port),
      DATABASE_URL: this.databaseUrl(service),
      KAFKA_BROKERS: this.bootstrapServers,
      KAFKA_MAX_WAIT_MS: '100',
      AUTH_PUBLIC_KEY: devPublicKey(),
      ...overrides,
    };
  }

  service(
    service: ServiceName,
    options: { env?: Record<string, string>; onLine?: (line: string, stream: 'stdout' | 'stderr') => void } = {},
  ): ServiceProcess {
    return new ServiceProcess({ app: service, env: this.serviceEnv(service, options.env), onLine: options.onLine });
  }

  async stop(): Promise<void> {
    await this.forwarder?.close();
    this.kafka.stop();
    await this.postgres.stop();
  }
}
