import type autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { join } from 'node:path';

/** What a probe's runs can be told: plain data only (they are sent to another process). */
export type ProbeRun = Pick<
  autocannon.Options,
  'url' | 'connections' | 'overallRate' | 'duration' | 'amount' | 'headers' | 'method'
>;

/**
 * Latency probes in a process of their own, as a caseworker's browser is on a machine of its own. A probe run by
 * the process that also generates the load measures that process as well: with 64 booking clients and the mock
 * broker on it, a response's timestamp waits behind their work, and the figure is the load generator's delay,
 * not the service's. In a session of its own the probe also has a CPU scheduling group of its own (the kernel's
 * autogroup), not a share of the load generator's (it still shares the machine's two cores with everything).
 */
export function startProbe(runs: ProbeRun[]): {
  stop(): Promise<autocannon.Result[]>;
  done: Promise<autocannon.Result[]>;
} {
  const probe = fork(join(__dirname, 'probe-worker.js'), [], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  probe.send({ runs });
  const done = new Promise<autocannon.Result[]>((resolve, reject) => {
    probe.once('message', (message: { runs?: autocannon.Result[]; error?: string }) => {
      if (message.runs) resolve(message.runs);
      else reject(new Error(message.error));
    });
    probe.once('error', reject);
    probe.once('exit', (code) => reject(new Error(`the probe exited with code ${code} before its results`)));
  });
  return {
    done,
    stop: () => {
      probe.send('stop');
      return done;
    },
  };
}
