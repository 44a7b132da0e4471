/**
 * kafkajs asks the *controller* broker for an idempotent producer's id, although Kafka serves a
 * non-transactional InitProducerId from any broker (kafkajs says so in its own comment). librdkafka 2.0's
 * mock cluster reports controller id 0, which is no broker, so the idempotent producer could never start
 * against it. When the controller is not among the known brokers, fall back to a known one. On a real
 * cluster the controller is always known and this path is never taken.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Cluster = require('kafkajs/src/cluster');

interface ClusterInternals {
  brokerPool: { metadata?: { brokers: { nodeId: number }[] } };
  findBroker(args: { nodeId: number }): Promise<unknown>;
}

let installed = false;

export function installControllerFallback(): void {
  if (installed) return;
  installed = true;
  const original = Cluster.prototype.findControllerBroker;
  Cluster.prototype.findControllerBroker = async function (this: ClusterInternals) {
    try {
      return await original.call(this);
    } catch (error) {
      const known = this.brokerPool.metadata?.brokers ?? [];
      if ((error as Error).name !== 'KafkaJSBrokerNotFound' || known.length === 0) throw error;
      return this.findBroker({ nodeId: known[0].nodeId });
    }
  };
}
