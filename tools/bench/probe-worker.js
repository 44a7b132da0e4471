'use strict';
// The thread of a latency probe (see probe.ts): runs autocannon instances and answers with their results.
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require('autocannon');

const instances = [];
const results = workerData.runs.map(
  (options) =>
    new Promise((resolve, reject) => {
      // off the main thread autocannon leaves its result raw (its own workers aggregate them): aggregate here
      instances.push(
        autocannon(options, (error, raw) =>
          error ? reject(error) : resolve(autocannon.aggregateResult([raw], options)),
        ),
      );
    }),
);
parentPort.on('message', (message) => {
  if (message === 'stop') for (const instance of instances) instance.stop();
});
Promise.all(results).then(
  (runs) => parentPort.postMessage({ runs: JSON.parse(JSON.stringify(runs)) }),
  (error) => parentPort.postMessage({ error: String(error?.stack ?? error) }),
);
