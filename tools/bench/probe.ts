import type autocannon from 'autocannon';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** What a probe's runs can be told: plain data only (they are sent to another thread). */
export type ProbeRun = Pick<
  autocannon.Options,
  'url' | 'connections' | 'overallRate' | 'duration' | 'amount' | 'headers' | 'method'
>;

/**
 * Latency probes on a thread of their own. A probe run by the process that also generates the load measures
 * that process's event loop as well: with 64 booking clients on it, a response's timestamp waits behind their
 * callbacks, and the figure is the load generator's delay, not the service's. Its own thread times the answer
 * when it arrives (the thread still shares the machine's cores with everything else).
 */
export function startProbe(runs: ProbeRun[]): {
  stop(): Promise<autocannon.Result[]>;
  done: Promise<autocannon.Result[]>;
} {
  const worker = new Worker(join(__dirname, 'probe-worker.js'), { workerData: { runs } });
  const done = new Promise<autocannon.Result[]>((resolve, reject) => {
    worker.once('message', (message: { runs?: autocannon.Result[]; error?: string }) => {
      void worker.terminate();
      if (message.runs) resolve(message.runs);
      else reject(new Error(message.error));
    });
    worker.once('error', reject);
  });
  return {
    done,
    stop: () => {
      worker.postMessage('stop');
      return done;
    },
  };
}
