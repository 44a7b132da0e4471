/**
 * Kafka security settings on a real service process. The mock broker speaks neither TLS nor SASL, so a service
 * configured for SCRAM-SHA-512 cannot log in: it must still start, serve, and say why Kafka is down; a CA file
 * that is not mounted must stop it at boot, naming the path. (That the settings become exactly kafkajs's ssl and
 * sasl options is libs/messaging/src/kafka/kafka-security.spec.ts.)
 */
import { createTestDatabase, eventually, KafkaMockCluster, ServiceProcess } from '@selvbook/testing';
import { e2eServiceEnv } from './e2e-services';

describe('Kafka security configured on a service', () => {
  let cluster: KafkaMockCluster;
  const started: ServiceProcess[] = [];

  beforeAll(() => {
    cluster = KafkaMockCluster.start();
  });

  afterAll(async () => {
    for (const s of started) await s.stop();
    cluster?.stop();
  });

  it('with SASL the broker refuses: the service starts, is ready, and reports Kafka down with the reason', async () => {
    const env = {
      ...(await e2eServiceEnv(await createTestDatabase('kafka_sasl'), cluster.bootstrapServers)),
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'selvbook-schedule-service',
      KAFKA_SASL_PASSWORD: 'not-the-password',
    };
    const lines: string[] = [];
    const service = new ServiceProcess({ app: 'schedule-service', env, onLine: (line) => lines.push(line) }).start();
    started.push(service);
    await service.waitReady(60000);
    await eventually(
      async () => {
        const ready = await fetch(`http://127.0.0.1:${service.port}/health/ready`);
        expect(ready.status).toBe(200);
        const body = (await ready.json()) as {
          kafka: { status: string; clients: { producer: { status: string; message?: string } } };
        };
        expect(body.kafka.status).toBe('down');
        expect(body.kafka.clients.producer.message).toMatch(/SASL|authentic|API version/i); // the mock has no SaslHandshake: it says so
      },
      { timeoutMs: 30000 },
    );
    const metrics = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
    expect(metrics).toMatch(/selvbook_kafka_connected\{role="producer"\} 0/);
    expect(service.pid).toBeDefined();
    expect(lines.join('\n')).not.toContain('not-the-password');
  });

  it('a TLS CA file that is not mounted stops the service at boot, naming the file', async () => {
    const env = {
      ...(await e2eServiceEnv(await createTestDatabase('kafka_tls'), cluster.bootstrapServers)),
      KAFKA_TLS_CA_FILE: '/etc/selvbook/kafka-ca/not-mounted.crt',
    };
    const lines: string[] = [];
    const service = new ServiceProcess({ app: 'schedule-service', env, onLine: (line) => lines.push(line) }).start();
    started.push(service);
    expect(await service.exitCode()).not.toBe(0);
    expect(lines.join('\n')).toContain('/etc/selvbook/kafka-ca/not-mounted.crt');
  });
});
