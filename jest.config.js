// `npm test` runs both projects: fast pure unit specs, then integration specs against the
// real harness (embedded PostgreSQL started once in globalSetup; each file owns its Kafka mock).
const preset = require('./jest.preset');

module.exports = {
  // Integration specs start processes and wait for brokers; unit specs finish far below this.
  testTimeout: 120000,
  // kafkajs keeps retry timers alive after a disconnect during a broker outage; never let CI hang on them.
  forceExit: true,
  // Integration files start several processes each; on 2 cores, one file at a time keeps timings honest.
  maxWorkers: 1,
  projects: [
    {
      ...preset,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools,examples}/**/*.spec.ts'],
    },
    {
      ...preset,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools,examples}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
    },
  ],
};
