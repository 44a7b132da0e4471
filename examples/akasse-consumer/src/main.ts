/**
 * Runs the example a-kasse consumer until Ctrl-C (README.md beside this folder). Settings from the environment:
 *   AKASSE_ID       the a-kasse (default 3f)
 *   KAFKA_BROKERS   comma-separated (default 127.0.0.1:9092, the broker of `npm start`)
 *   ASYNCAPI        the contract (default docs/asyncapi.yaml of this repository)
 *   GROUP_ID        consumer group (default akasse-<AKASSE_ID>-starter)
 *   KAFKA_USERNAME, KAFKA_PASSWORD, KAFKA_CA_FILE   SASL SCRAM-SHA-512 over TLS (production only)
 */
import { join } from 'node:path';
import { startAkasseConsumer } from './consumer';

async function main(): Promise<void> {
  const env = process.env;
  const running = await startAkasseConsumer({
    akasseId: env.AKASSE_ID ?? '3f',
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    asyncapiPath: env.ASYNCAPI ?? join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml'),
    groupId: env.GROUP_ID,
    credentials: env.KAFKA_USERNAME
      ? { username: env.KAFKA_USERNAME, password: env.KAFKA_PASSWORD ?? '', caFile: env.KAFKA_CA_FILE }
      : undefined,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void running.stop().then(() => {
        console.log('Stopped.');
        process.exit(0);
      });
    });
  }
}

main().catch((error: Error) => {
  console.error(`The a-kasse consumer stopped: ${error.message}`);
  process.exit(1);
});
