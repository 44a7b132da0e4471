import { EmbeddedPostgresServer } from '../postgres/embedded-postgres';
import { assertLibrdkafkaAvailable } from '../kafka/mock-cluster';

/**
 * One real PostgreSQL for the integration run; each test file makes its own databases on it.
 * Kafka is per test file (a mock cluster in the worker), so files can inject faults independently.
 */
export default async function globalSetup(): Promise<void> {
  assertLibrdkafkaAvailable();
  const server = await EmbeddedPostgresServer.start();
  process.env.SELVBOOK_TEST_PG = JSON.stringify(server.connection);
  (globalThis as { __SELVBOOK_PG__?: EmbeddedPostgresServer }).__SELVBOOK_PG__ = server;
}
