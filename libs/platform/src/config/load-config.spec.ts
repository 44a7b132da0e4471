import { BaseServiceConfig } from './base-service.config';
import { ConfigError, loadConfig } from './load-config';

const valid = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_JWKS_URL: 'https://idp.example/jwks',
};

describe('loadConfig', () => {
  it('applies defaults and converts numbers', () => {
    const config = loadConfig(BaseServiceConfig, { ...valid, PORT: '8080' });
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_POOL_SIZE).toBe(16);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names every missing or malformed variable at once', () => {
    let error: unknown;
    try {
      loadConfig(BaseServiceConfig, { KAFKA_BROKERS: 'not a broker list', PORT: 'eighty' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('KAFKA_BROKERS must be host:port');
    expect(message).toContain('PORT');
  });

  it('never echoes a secret-looking value', () => {
    expect(() => loadConfig(BaseServiceConfig, { ...valid, DATABASE_URL: 'mysql://user:hunter2@x/db' })).toThrow(
      /<redacted>/,
    );
    expect(() => loadConfig(BaseServiceConfig, { ...valid, DATABASE_URL: 'mysql://user:hunter2@x/db' })).not.toThrow(
      /hunter2/,
    );
  });
});

describe('boolean settings', () => {
  it.each([
    ['true', true],
    ['false', false],
    [undefined, false],
  ])('CLOCK_CONTROL=%s → %s', (raw, expected) => {
    const config = loadConfig(BaseServiceConfig, { ...valid, ...(raw === undefined ? {} : { CLOCK_CONTROL: raw }) });
    expect(config.CLOCK_CONTROL).toBe(expected);
  });
});
