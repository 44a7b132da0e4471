export * from './consumer/errors';
export * from './consumer/event-consumer';
export * from './kafka/headers';
export * from './kafka/kafka-client';
export * from './messaging-tables.migration';
export * from './messaging.module';
export * from './outbox/outbox';
export * from './outbox/outbox-relay';
