import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { Registry } from 'prom-client';
import { EventConsumer } from '../consumer/event-consumer';
import { describeFailure } from './kafka-client';
import { KafkaConnectivity } from './kafka-connectivity';

const gauge = async (registry: Registry) =>
  Object.fromEntries(
    (await registry.getSingleMetric('selvbook_kafka_connected')!.get()).values.map((v) => [v.labels.role, v.value]),
  );

describe('KafkaConnectivity', () => {
  it('starts down, follows each client, and is up only when every client is', async () => {
    const registry = new Registry();
    const connectivity = new KafkaConnectivity(['producer', 'consumer'], registry);
    expect(connectivity.report()).toMatchObject({
      status: 'down',
      clients: { producer: { status: 'down', message: 'not connected yet' }, consumer: { status: 'down' } },
    });
    expect(await gauge(registry)).toEqual({ producer: 0, consumer: 0 });

    connectivity.up('producer');
    expect(connectivity.report()).toMatchObject({
      status: 'down',
      clients: { producer: { status: 'up' }, consumer: { status: 'down' } },
    });
    connectivity.up('consumer');
    expect(connectivity.report().status).toBe('up');
    expect(await gauge(registry)).toEqual({ producer: 1, consumer: 1 });

    connectivity.down('consumer', new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092'));
    const { since } = connectivity.report().clients.consumer!;
    connectivity.down('consumer', new Error('again'));
    expect(connectivity.report()).toMatchObject({
      status: 'down',
      clients: { consumer: { status: 'down', since, message: 'Error: again' } },
    });
    expect(await gauge(registry)).toEqual({ producer: 1, consumer: 0 });
  });
});

describe('describeFailure', () => {
  it("logs kafkajs's errors by name, message and cause, without a stack; anything else as it is", () => {
    const cause = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    expect(describeFailure(new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 5, retryTime: 2000 }))).toEqual({
      error: 'KafkaJSNumberOfRetriesExceeded: Connection error: connect ECONNREFUSED 127.0.0.1:9092',
    });
    const wrapped = new (KafkaJSNonRetriableError as new (message: string, options: { cause: Error }) => Error)(
      'Closed connection',
      { cause },
    ); // kafkajs's types omit the cause
    expect(describeFailure(wrapped)).toEqual({
      error: 'KafkaJSNonRetriableError: Closed connection ← Connection error: connect ECONNREFUSED 127.0.0.1:9092',
    });
    const other = new Error('relation "outbox" does not exist');
    expect(describeFailure(other)).toEqual({ err: other });
  });
});

describe('EventConsumer metrics', () => {
  it('a consumer built again on one registry (a restart) counts on in its series, not "already registered"', () => {
    const registry = new Registry();
    const options = {
      kafka: {},
      dataSource: {},
      producer: {},
      logger: {},
      groupId: 'g',
      topics: ['t'],
      handlers: {},
      metrics: registry,
    } as never;
    new EventConsumer(options);
    expect(() => new EventConsumer(options)).not.toThrow();
    expect(registry.getMetricsAsArray().map((m) => m.name)).toEqual([
      'selvbook_consumer_events_total',
      'selvbook_consumer_event_id_conflicts_total',
      'selvbook_consumer_processing_duration_seconds',
      'selvbook_consumer_retries_total',
      'selvbook_consumer_dlq_messages_total',
      'selvbook_consumer_lag_messages',
    ]);
  });
});
