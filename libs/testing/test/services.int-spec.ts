import { dlqTopic, INTERNAL_TOPICS } from '@selvbook/contracts';
import {
  createTestDatabase,
  devPublicKey,
  eventually,
  freePort,
  KafkaMockCluster,
  SERVICES,
  ServiceProcess,
} from '../src';

/** Each service as its own process, the way `npm start` and Kubernetes run it. */
describe('the four services as processes', () => {
  let cluster: KafkaMockCluster;

  beforeAll(() => {
    cluster = KafkaMockCluster.start();
    for (const topic of INTERNAL_TOPICS) {
      cluster.createTopic(topic, 3);
      cluster.createTopic(dlqTopic(topic), 1);
    }
  });
  afterAll(() => cluster.stop());

  async function envFor(app: string): Promise<Record<string, string>> {
    return {
      PORT: String(await freePort()),
      DATABASE_URL: await createTestDatabase(app.replace('-', '_')),
      KAFKA_BROKERS: cluster.bootstrapServers,
      KAFKA_MAX_WAIT_MS: '100',
      LOG_LEVEL: 'warn',
      AUTH_PUBLIC_KEY: devPublicKey(),
    };
  }

  it('each starts, is ready (database; broker reported), serves metrics and docs, stops on SIGTERM', async () => {
    const processes = await Promise.all(
      SERVICES.map(async ({ app }) => new ServiceProcess({ app, env: await envFor(app) }).start()),
    );
    try {
      await Promise.all(processes.map((p) => p.waitReady(60000)));
      for (const p of processes) {
        const ready = (await (await fetch(`http://127.0.0.1:${p.port}/health/ready`)).json()) as {
          status: string;
          info: object;
          kafka: { status: string };
        };
        expect(ready.status).toBe('ok');
        expect(Object.keys(ready.info)).toEqual(['shutdown', 'database']);
        expect(['up', 'down']).toContain(ready.kafka.status); // reported, not required
        const metrics = await (await fetch(`http://127.0.0.1:${p.port}/metrics`)).text();
        expect(metrics).toContain('selvbook_outbox_pending');
        expect(metrics).toContain('process_cpu_seconds_total');
        expect((await fetch(`http://127.0.0.1:${p.port}/docs-json`)).status).toBe(200);
        const missing = await fetch(`http://127.0.0.1:${p.port}/no-such-thing`);
        expect(missing.status).toBe(404);
        expect(missing.headers.get('content-type')).toContain('application/problem+json');
      }
    } finally {
      const codes = await Promise.all(processes.map((p) => p.stop()));
      expect(codes).toEqual([0, 0, 0, 0]);
    }
  });

  it('stays ready while the broker is down (said in the body and the gauge), and says when it is back', async () => {
    const service = new ServiceProcess({ app: 'schedule-service', env: await envFor('schedule-service') }).start();
    const url = (path: string) => `http://127.0.0.1:${service.port}${path}`;
    const kafkaState = async () => {
      const ready = await fetch(url('/health/ready'));
      const metrics = await (await fetch(url('/metrics'))).text();
      const body = (await ready.json()) as { kafka: { status: string; clients: Record<string, { status: string }> } };
      return {
        ready: ready.status,
        kafka: body.kafka.status,
        consumer: body.kafka.clients.consumer.status,
        gauge: metrics.match(/^selvbook_kafka_connected\{role="consumer"\} (\d)$/m)?.[1],
      };
    };
    try {
      await service.waitReady(60000);
      await eventually(
        async () => expect(await kafkaState()).toEqual({ ready: 200, kafka: 'up', consumer: 'up', gauge: '1' }),
        { timeoutMs: 30000 },
      );
      cluster.setAllBrokersDown();
      await eventually(
        async () => expect(await kafkaState()).toEqual({ ready: 200, kafka: 'down', consumer: 'down', gauge: '0' }),
        { timeoutMs: 30000 },
      );
      expect((await fetch(url('/health/live'))).status).toBe(200);
      cluster.setAllBrokersUp();
      await eventually(
        async () => expect(await kafkaState()).toEqual({ ready: 200, kafka: 'up', consumer: 'up', gauge: '1' }),
        { timeoutMs: 30000 },
      );
    } finally {
      cluster.setAllBrokersUp();
      await service.stop();
    }
  });

  it('fails fast with the bad variable named when configuration is wrong', async () => {
    const lines: string[] = [];
    const service = new ServiceProcess({
      app: 'booking-service',
      env: { PORT: '1', DATABASE_URL: 'not-a-url', KAFKA_BROKERS: 'nowhere' },
      onLine: (line) => lines.push(line),
    }).start();
    const code = await service.exitCode();
    expect(code).toBe(78);
    const output = lines.join('\n');
    expect(output).toContain('DATABASE_URL');
    expect(output).toContain('KAFKA_BROKERS');
  });
});
