import { Kafka, logLevel, LogEntry, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { installControllerFallback } from './controller-fallback';
import type { KafkaSecurity } from './kafka-security';
import { JavaCompatiblePartitioner } from './partitioner';

export interface KafkaClientOptions {
  clientId: string;
  brokers: string[];
  logger: Logger;
  requestTimeoutMs?: number;
  /** TLS and SASL (kafkaSecurity); none against a plaintext listener. */
  security?: KafkaSecurity;
}

/**
 * kafkajs stays behind this library (it has been looking for maintainers since 2023), so a move to
 * @confluentinc/kafka-javascript touches one place.
 */
export function createKafka({ clientId, brokers, logger, requestTimeoutMs = 10000, security = {} }: KafkaClientOptions): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    ...security,
    connectionTimeout: 3000,
    requestTimeout: requestTimeoutMs,
    retry: { initialRetryTime: 100, retries: 5, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      const level = entry.level <= logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'debug';
      log[level]({ namespace: entry.namespace, ...extra }, message);
    },
  });
}

/**
 * Idempotent producer: acks from all in-sync replicas and one request in flight, so a retry never
 * reorders or duplicates a partition's messages. A recipient topic for a new a-kasse or jobcenter may not
 * exist yet; whether it is created on first use is the broker's policy (Strimzi: KafkaTopic resources).
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  installControllerFallback();
  // Java-compatible murmur2 partitioning: a citizen's events land on the same partition whichever client wrote them.
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: true,
    createPartitioner: JavaCompatiblePartitioner,
  });
}
