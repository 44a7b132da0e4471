import type { ConsumerConfig } from 'kafkajs';

export * from './mock-cluster';
export * from './tcp-forwarder';

/**
 * kafkajs consumer settings for the mock cluster: it holds an empty Fetch for the full MaxWait,
 * so a long wait would stall every poll, and short session/heartbeat times keep rebalances fast.
 */
export const TEST_CONSUMER_TUNING = {
  maxWaitTimeInMs: 100,
  sessionTimeout: 6000,
  heartbeatInterval: 1000,
} satisfies Partial<ConsumerConfig>;
