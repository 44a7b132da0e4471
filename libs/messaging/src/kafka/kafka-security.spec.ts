import { kafkaSecurity } from './kafka-security';

const files: Record<string, string> = { '/ca.pem': 'CA PEM', '/user.crt': 'CERT PEM', '/user.key': 'KEY PEM' };
const read = (path: string) => {
  if (!(path in files)) throw new Error(`ENOENT: ${path}`);
  return files[path];
};

describe('kafkaSecurity: the environment to kafkajs ssl/sasl options', () => {
  it('plaintext when nothing is set (the local broker, compose)', () => {
    expect(kafkaSecurity({}, read)).toEqual({});
  });

  it('TLS with the cluster CA replacing the system trust store', () => {
    expect(kafkaSecurity({ KAFKA_TLS_CA_FILE: '/ca.pem' }, read)).toEqual({
      ssl: { rejectUnauthorized: true, ca: ['CA PEM'] },
    });
  });

  it('TLS against the system trust store when only KAFKA_TLS is set', () => {
    expect(kafkaSecurity({ KAFKA_TLS: true }, read)).toEqual({ ssl: { rejectUnauthorized: true } });
  });

  it('mutual TLS with a client certificate and key', () => {
    expect(
      kafkaSecurity(
        { KAFKA_TLS_CA_FILE: '/ca.pem', KAFKA_TLS_CERT_FILE: '/user.crt', KAFKA_TLS_KEY_FILE: '/user.key' },
        read,
      ),
    ).toEqual({
      ssl: { rejectUnauthorized: true, ca: ['CA PEM'], cert: 'CERT PEM', key: 'KEY PEM' },
    });
  });

  it('SCRAM-SHA-512 over TLS, as a Strimzi KafkaUser is issued', () => {
    expect(
      kafkaSecurity(
        {
          KAFKA_TLS: true,
          KAFKA_TLS_CA_FILE: '/ca.pem',
          KAFKA_SASL_MECHANISM: 'scram-sha-512',
          KAFKA_SASL_USERNAME: 'selvbook-booking-service',
          KAFKA_SASL_PASSWORD: 's3cret',
        },
        read,
      ),
    ).toEqual({
      ssl: { rejectUnauthorized: true, ca: ['CA PEM'] },
      sasl: { mechanism: 'scram-sha-512', username: 'selvbook-booking-service', password: 's3cret' },
    });
  });

  it('a certificate file that is not mounted stops the service at boot, naming the path', () => {
    expect(() => kafkaSecurity({ KAFKA_TLS_CA_FILE: '/missing.pem' }, read)).toThrow('/missing.pem');
  });
});
