import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Kafka, logLevel, type RetryOptions } from 'kafkajs';
import { KafkaMockCluster, TcpForwarder, TEST_CONSUMER_TUNING, assertLibrdkafkaAvailable } from './index';

const PRODUCE_API_KEY = 0;
const NOT_LEADER_FOR_PARTITION = 6;
const REQUEST_TIMED_OUT = 7;

interface Received {
  partition: number;
  key: string | undefined;
  value: string | undefined;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('KafkaMockCluster with the real kafkajs client', () => {
  let cluster: KafkaMockCluster;
  let kafka: Kafka;
  // Clients opened by a test, disconnected after it even when it fails.
  const cleanups: Array<() => Promise<void>> = [];

  const clientFor = (brokers: string[]) =>
    new Kafka({ clientId: 'mock-cluster-spec', brokers, logLevel: logLevel.NOTHING });

  async function connectProducer(client = kafka, retry?: RetryOptions) {
    const producer = client.producer({ retry });
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    return producer;
  }

  async function consume(topic: string, expected: number, client = kafka): Promise<Received[]> {
    const consumer = client.consumer({ groupId: `${topic}-group`, ...TEST_CONSUMER_TUNING });
    cleanups.push(() => consumer.disconnect());
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: Received[] = [];
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({ partition, key: message.key?.toString(), value: message.value?.toString() });
      },
    });
    await waitFor(() => received.length >= expected, `${expected} messages on ${topic}`);
    return received;
  }

  async function admin<T>(work: (admin: ReturnType<Kafka['admin']>) => Promise<T>, client = kafka): Promise<T> {
    const admin = client.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  /** Records stored in the topic's log: proves no duplicate exists, which consuming alone cannot. */
  const logSize = (topic: string) =>
    admin(async (a) => (await a.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0));

  const leaderOf = (topic: string) =>
    admin(async (a) => (await a.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions[0].leader);

  beforeAll(() => {
    cluster = KafkaMockCluster.start({ brokers: 3, topics: [{ name: 'keyed', partitions: 3 }] });
    kafka = clientFor(cluster.bootstrapServers.split(','));
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(() => cluster.stop());

  it('exposes one listener per broker, with ids 1..N', () => {
    expect(cluster.brokerIds).toEqual([1, 2, 3]);
    expect(cluster.bootstrapServers).toMatch(/^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2}$/);
  });

  it('delivers 100 keyed messages through a consumer group, in order per key', async () => {
    const producer = await connectProducer();
    for (let seq = 0; seq < 10; seq++) {
      const messages = Array.from({ length: 10 }, (_, k) => ({ key: `key-${k}`, value: String(seq) }));
      await producer.send({ topic: 'keyed', messages });
    }

    const received = await consume('keyed', 100);

    expect(received).toHaveLength(100);
    expect(new Set(received.map((m) => m.partition)).size).toBeGreaterThan(1);
    for (let k = 0; k < 10; k++) {
      const ofKey = received.filter((m) => m.key === `key-${k}`);
      expect(ofKey.map((m) => Number(m.value))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
    }
  });

  it('fails a produce while the leader is down and succeeds once it is back up', async () => {
    cluster.createTopic('outage', 1);
    const leader = await leaderOf('outage');
    const producer = await connectProducer(kafka, { retries: 1, initialRetryTime: 50, maxRetryTime: 100 });

    cluster.setBrokerDown(leader);
    try {
      await expect(producer.send({ topic: 'outage', messages: [{ value: 'while-down' }] })).rejects.toThrow(
        /ECONNREFUSED/,
      );
    } finally {
      cluster.setBrokerUp(leader);
    }
    await producer.send({ topic: 'outage', messages: [{ value: 'after-up' }] });

    expect((await consume('outage', 1)).map((m) => m.value)).toEqual(['after-up']);
    expect(await logSize('outage')).toBe(1);
  });

  it('lets kafkajs retry injected Produce errors, storing the message exactly once', async () => {
    cluster.createTopic('flaky', 1);
    const producer = await connectProducer();
    let produceRequests = 0;
    producer.on(producer.events.REQUEST, ({ payload }) => {
      if (payload.apiName === 'Produce') produceRequests++;
    });

    cluster.pushRequestErrors(PRODUCE_API_KEY, [NOT_LEADER_FOR_PARTITION, REQUEST_TIMED_OUT]);
    await producer.send({ topic: 'flaky', messages: [{ value: 'once' }] });

    expect(produceRequests).toBe(3);
    expect((await consume('flaky', 1)).map((m) => m.value)).toEqual(['once']);
    expect(await logSize('flaky')).toBe(1);
  });

  it('delays responses by the configured broker round-trip time', async () => {
    cluster.createTopic('slow', 1);
    const leader = await leaderOf('slow');
    const producer = await connectProducer();

    cluster.setBrokerRtt(leader, 400);
    const started = Date.now();
    try {
      await producer.send({ topic: 'slow', messages: [{ value: 'late' }] });
    } finally {
      cluster.setBrokerRtt(leader, 0);
    }

    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('bootstraps kafkajs through a TcpForwarder and frees its port on close', async () => {
    cluster.createTopic('forwarded', 1);
    const [host, port] = cluster.bootstrapServers.split(',')[0].split(':');
    const forwarder = await TcpForwarder.start(0, { host, port: Number(port) });
    cleanups.push(() => forwarder.close());
    const viaForwarder = clientFor([`127.0.0.1:${forwarder.port}`]);

    const producer = await connectProducer(viaForwarder);
    await producer.send({ topic: 'forwarded', messages: [{ value: 'hello' }] });
    expect((await consume('forwarded', 1, viaForwarder)).map((m) => m.value)).toEqual(['hello']);

    await forwarder.close();
    const again = await TcpForwarder.start(forwarder.port, { host, port: Number(port) });
    await again.close();
  });

  it('runs independent clusters side by side; stop() is idempotent', async () => {
    const other = KafkaMockCluster.start({ topics: [{ name: 'only-in-other', partitions: 1 }] });
    try {
      expect(other.bootstrapServers).not.toEqual(cluster.bootstrapServers);
      const otherTopics = await admin((a) => a.listTopics(), clientFor([other.bootstrapServers]));
      expect(otherTopics).toEqual(['only-in-other']);
      expect(await admin((a) => a.listTopics())).not.toContain('only-in-other');
    } finally {
      other.stop();
    }
    other.stop();
    expect(() => other.createTopic('late', 1)).toThrow(/stopped/);
  });

  it('lets a process that never calls stop() exit', async () => {
    const script = `
      require(${JSON.stringify(require.resolve('@swc-node/register'))});
      const { KafkaMockCluster } = require(${JSON.stringify(require.resolve('./mock-cluster'))});
      KafkaMockCluster.start({ brokers: 2 });`;
    // Rejects on a non-zero exit code and kills the child if it hangs.
    const { stderr } = await promisify(execFile)(process.execPath, ['-e', script], { timeout: 15_000 });
    expect(stderr).toBe('');
  });

  describe('assertLibrdkafkaAvailable', () => {
    const original = process.env.KAFKA_MOCK_LIBRDKAFKA;
    afterEach(() => {
      if (original === undefined) delete process.env.KAFKA_MOCK_LIBRDKAFKA;
      else process.env.KAFKA_MOCK_LIBRDKAFKA = original;
    });

    it('passes where librdkafka is installed', () => {
      expect(() => assertLibrdkafkaAvailable()).not.toThrow();
    });

    it('explains how to install librdkafka when the library is missing', () => {
      process.env.KAFKA_MOCK_LIBRDKAFKA = '/nonexistent';
      expect(() => assertLibrdkafkaAvailable()).toThrow(
        /\/nonexistent[\s\S]*apt-get install[\s\S]*brew install librdkafka/,
      );
    });
  });
});
