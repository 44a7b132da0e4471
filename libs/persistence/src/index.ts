export * from './data-source';
export * from './persistence.module';
export * from './snake-naming.strategy';
export * from './query-rows';
export * from './json-texts';
export * from './prepared-query';
export * from './database-metrics';
export * from './read-pool';
