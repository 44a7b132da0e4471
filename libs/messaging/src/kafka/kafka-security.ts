import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

/** How a service authenticates to Kafka and protects the connection, as its environment says. */
export interface KafkaSecuritySettings {
  KAFKA_TLS?: boolean;
  KAFKA_TLS_CA_FILE?: string;
  KAFKA_TLS_CERT_FILE?: string;
  KAFKA_TLS_KEY_FILE?: string;
  KAFKA_SASL_MECHANISM?: 'scram-sha-512' | 'scram-sha-256' | 'plain';
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
}

export type KafkaSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

/**
 * The kafkajs `ssl` and `sasl` options. TLS is on when asked for or when any certificate file is given; the CA
 * replaces the system's trust store (Strimzi's cluster CA); a client certificate and key give mutual TLS. SASL
 * (SCRAM-SHA-512 as Strimzi's KafkaUser issues it) needs TLS in practice, but is not forced: a cluster may
 * terminate TLS elsewhere. Files are read once, at boot, so a missing mount stops the service with its path.
 */
export function kafkaSecurity(
  settings: KafkaSecuritySettings,
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): KafkaSecurity {
  const files = {
    ca: settings.KAFKA_TLS_CA_FILE,
    cert: settings.KAFKA_TLS_CERT_FILE,
    key: settings.KAFKA_TLS_KEY_FILE,
  };
  const tls = settings.KAFKA_TLS || Object.values(files).some(Boolean);
  const security: KafkaSecurity = {};
  if (tls) {
    security.ssl = {
      rejectUnauthorized: true,
      ...(files.ca ? { ca: [read(files.ca)] } : {}),
      ...(files.cert ? { cert: read(files.cert) } : {}),
      ...(files.key ? { key: read(files.key) } : {}),
    };
  }
  if (settings.KAFKA_SASL_MECHANISM) {
    security.sasl = {
      mechanism: settings.KAFKA_SASL_MECHANISM,
      username: settings.KAFKA_SASL_USERNAME ?? '',
      password: settings.KAFKA_SASL_PASSWORD ?? '',
    } as SASLOptions;
  }
  return security;
}
