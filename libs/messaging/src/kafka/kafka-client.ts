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
 * What kafkajs logs, as errors, several times a second per client while the broker is away. The relay and the
 * consumer log each failed attempt once, as a warning (see describeFailure), so these are kept for debugging.
 */
const ROUTINE_WHILE_BROKER_AWAY = new RegExp(
  '^(Connection error|Connection timeout|Failed to connect to seed broker|' +
    'Crash: KafkaJS(NumberOfRetriesExceeded|NonRetriableError|ConnectionError|ConnectionClosedError|' +
    'NoBrokerAvailableError)|Restarting the consumer)',
);

/**
 * kafkajs stays behind this library (it has been looking for maintainers since 2023), so a move to
 * @confluentinc/kafka-javascript touches one place.
 */
export function createKafka({
  clientId,
  brokers,
  logger,
  requestTimeoutMs = 10000,
  security = {},
}: KafkaClientOptions): Kafka {
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
      // kafkajs's stacks point into kafkajs; the message names the error and its cause.
      const { message, ...extra } = entry.log;
      delete extra.stack;
      let level: 'error' | 'warn' | 'debug' =
        entry.level <= logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'debug';
      if (ROUTINE_WHILE_BROKER_AWAY.test(message)) level = 'debug';
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

/**
 * How a failure goes into a log line: a broker that cannot be reached is routine during an outage and is
 * logged on every retry, so kafkajs's errors are logged by name and message (with their cause), without the
 * stack; anything else keeps its stack.
 */
export function describeFailure(error: unknown): { error: string } | { err: unknown } {
  if (!(error instanceof Error) || !error.name.startsWith('KafkaJS')) return { err: error };
  const messages = [`${error.name}: ${error.message}`];
  let last = error.message;
  for (
    let cause = error.cause as Error | undefined;
    cause && messages.length < 4;
    cause = cause.cause as Error | undefined
  ) {
    if (cause.message !== last) messages.push(cause.message); // kafkajs often wraps an error in one of the same words
    last = cause.message;
  }
  return { error: messages.join(' ← ') };
}
