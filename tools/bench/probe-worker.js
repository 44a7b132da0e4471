'use strict';
// A latency probe's process (see probe.ts): runs autocannon instances and answers with their results.
const autocannon = require('autocannon');

const once = (options) =>
  new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));

process.once('message', async ({ runs }) => {
  const instances = [];
  let stopped = false;
  process.on('message', (message) => {
    if (message !== 'stop') return;
    stopped = true;
    for (const instance of instances) instance.stop();
  });
  try {
    // unmeasured first answers: a fresh process's first requests compile its HTTP client and open connections
    for (const { duration: _duration, overallRate: _rate, ...options } of runs) await once({ ...options, amount: 10 });
    const results = runs.map(
      (options) =>
        new Promise((resolve, reject) => {
          const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
          instances.push(instance);
          if (stopped) instance.stop();
        }),
    );
    const done = await Promise.all(results);
    process.send({ runs: JSON.parse(JSON.stringify(done)) }, () => process.exit(0));
  } catch (error) {
    process.send({ error: String(error?.stack ?? error) }, () => process.exit(1));
  }
});
// the bench gone, the probe goes too
process.on('disconnect', () => process.exit(0));
