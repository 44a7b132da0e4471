// Fails early, with the install command, when a system library the harness needs is missing.
import { assertLibrdkafkaAvailable } from '../libs/testing/src/kafka/mock-cluster';

try {
  assertLibrdkafkaAvailable();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
