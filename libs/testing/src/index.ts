export * from './eventually';
export * from './kafka';
export * from './postgres/embedded-postgres';
export * from './postgres/test-database';
export * from './system/local-system';
export * from './system/service-process';
export * from './auth/dev-auth';
export * from './test-email';
