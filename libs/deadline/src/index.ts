export * from './domain/policy';
export * from './domain/lifecycle';
