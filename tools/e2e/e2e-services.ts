import { devPublicKey, freePort } from '@selvbook/testing';

/**
 * The environment every e2e service process gets: its own port and database, the test's broker, dev tokens,
 * a controllable clock, and expiry runs only when the test triggers them.
 */
export async function e2eServiceEnv(databaseUrl: string, brokers: string): Promise<Record<string, string>> {
  return {
    PORT: String(await freePort()),
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers,
    KAFKA_MAX_WAIT_MS: '100',
    AUTH_PUBLIC_KEY: devPublicKey(),
    CLOCK_CONTROL: 'true',
    EXPIRY_RUN_INTERVAL_MS: '3600000', // the test triggers expiry runs itself
    LOG_LEVEL: 'warn',
  };
}
