import { Kafka, logLevel, LogEntry, Producer } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaClientOptions {
  clientId: string;
  brokers: string[];
  logger: Logger;
}

/**
 * kafkajs stays behind this library (it has been looking for maintainers since 2023), so a move to
 * @confluentinc/kafka-javascript touches one place.
 */
export function createKafka({ clientId, brokers, logger }: KafkaClientOptions): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 10000,
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
 * reorders or duplicates a partition's messages.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
}
