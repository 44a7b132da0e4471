/**
 * An a-kasse's consumer of its Selvbook topic with kafkajs: every message is checked against the AsyncAPI
 * document and told in plain words. An invalid message is reported and skipped (a real consumer would park it
 * for a person to look at); an unknown type is skipped, as the contract asks.
 */
import { readFileSync } from 'node:fs';
import { Consumer, IHeaders, Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { advice } from './advice';
import { AkasseContract } from './contract';

export interface AkasseConsumerOptions {
  akasseId: string;
  brokers: string[];
  /** path to docs/asyncapi.yaml */
  asyncapiPath: string;
  /** must start with `akasse-<akasseId>-` in production (Kafka ACL); default `akasse-<akasseId>-starter` */
  groupId?: string;
  /** SASL SCRAM-SHA-512 over TLS, as Selvbook's production server asks; absent for `npm start`'s broker */
  credentials?: { username: string; password: string; caFile?: string };
  print?: (line: string) => void;
}

export interface RunningConsumer {
  topic: string;
  stop(): Promise<void>;
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

export async function startAkasseConsumer(options: AkasseConsumerOptions): Promise<RunningConsumer> {
  const print = options.print ?? ((line: string) => console.log(line));
  const contract = AkasseContract.load(options.asyncapiPath);
  const topic = contract.topicFor(options.akasseId);
  const groupId = options.groupId ?? `akasse-${options.akasseId}-starter`;
  const security: Pick<KafkaConfig, 'ssl' | 'sasl'> = options.credentials
    ? {
        ssl: options.credentials.caFile ? { ca: [readFileSync(options.credentials.caFile, 'utf8')] } : true,
        sasl: {
          mechanism: 'scram-sha-512',
          username: options.credentials.username,
          password: options.credentials.password,
        },
      }
    : {};
  const kafka = new Kafka({ clientId: groupId, brokers: options.brokers, logLevel: logLevel.NOTHING, ...security });
  const consumer: Consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const where = `${topic}[${partition}]@${message.offset}`;
      const checked = contract.check(message.value, headerStrings(message.headers));
      if (checked.kind === 'invalid') print(`SKIP invalid message ${where}: ${checked.reason}`);
      else if (checked.kind === 'unknown')
        print(
          `SKIP ${checked.type} v${checked.version} at ${where}: not in AsyncAPI ${contract.documentVersion} for an a-kasse; ignored`,
        );
      else print(advice(checked.envelope, contract));
    },
  });
  print(
    `Reading ${topic} as consumer group ${groupId} from ${options.brokers.join(',')} (AsyncAPI ${contract.documentVersion}); Ctrl-C stops.`,
  );
  return { topic, stop: () => consumer.disconnect() };
}
