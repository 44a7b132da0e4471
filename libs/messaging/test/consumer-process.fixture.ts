/**
 * A consumer in its own process, so a test can SIGKILL it mid-batch. Env: DATABASE_URL, KAFKA_BROKERS,
 * TOPIC, GROUP_ID, HANDLER_DELAY_MS (slows each effect so the kill lands inside a batch).
 */
import { Topics } from '@selvbook/contracts';
import { createIdempotentProducer, createKafka, EventConsumer } from '../src';
import { openTestDataSource, recordEffect, silentLogger } from './backbone-fixtures';

async function main(): Promise<void> {
  const dataSource = await openTestDataSource(process.env.DATABASE_URL!, true);
  const kafka = createKafka({
    clientId: 'fixture',
    brokers: process.env.KAFKA_BROKERS!.split(','),
    logger: silentLogger,
  });
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  const delayMs = Number(process.env.HANDLER_DELAY_MS ?? 0);
  const consumer = new EventConsumer({
    kafka,
    dataSource,
    producer,
    logger: silentLogger,
    groupId: process.env.GROUP_ID ?? 'fixture',
    topics: [process.env.TOPIC ?? Topics.citizen],
    handlers: {
      'citizen.paid-hours-reported': async (event, tx) => {
        await recordEffect(event, tx);
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      },
    },
    maxWaitTimeInMs: 100,
    sessionTimeout: 6000,
    heartbeatInterval: 1000,
  });
  await consumer.start();
  process.stdout.write('consuming\n');
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});
