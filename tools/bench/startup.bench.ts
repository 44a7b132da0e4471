/**
 * Startup benchmark: each service in its deployed form (the image's tree from docker/image-tree.sh, plain node
 * on compiled JavaScript) against the development form (tools/run.js, swc at run time), in the same run on the
 * same databases and broker. Per service and form: time from spawn to the first 200 on /health/live, and the
 * resident memory after 10 s idle. Migrations are applied by a warm-up start first, so neither form pays them.
 *   npm run bench -- startup
 */
import { eventually, freePort, LocalInfrastructure, ServiceProcess, SERVICES, ServiceName } from '@selvbook/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_TOPICS } from '../demo/seed';
import { assembleImageTree, imagePath, imageSpec } from '../e2e/deployed-form';

const IDLE_MS = 10_000;
type Form = 'compiled' | 'run.js';

interface Sample {
  liveSeconds: number;
  idleRssMiB: number;
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

async function sample(infra: LocalInfrastructure, app: ServiceName, form: Form, tree: string): Promise<Sample> {
  const env = infra.serviceEnv(app, { PORT: String(await freePort()), LOG_LEVEL: 'warn', KAFKA_MAX_WAIT_MS: '500' });
  const service = new ServiceProcess(
    form === 'compiled'
      ? {
          app,
          env: { PATH: imagePath(), ...imageSpec().env, ...env },
          deployed: { command: [process.execPath, `dist/apps/${app}/src/main.js`], cwd: tree },
        }
      : { app, env },
  );
  const started = process.hrtime.bigint();
  service.start();
  await eventually(
    async () => {
      const response = await fetch(`http://127.0.0.1:${service.port}/health/live`);
      if (response.status !== 200) throw new Error(`live: ${response.status}`);
    },
    { timeoutMs: 60_000, intervalMs: 10 },
  );
  const liveSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await sleep(IDLE_MS);
  const idleRssMiB = rssMiB(service.pid!);
  const code = await service.stop();
  if (code !== 0) throw new Error(`${app} (${form}) exited with ${code}`);
  return { liveSeconds: Math.round(liveSeconds * 1000) / 1000, idleRssMiB: Math.round(idleRssMiB) };
}

export async function benchStartup(): Promise<Record<string, unknown>> {
  const tree = mkdtempSync(join(tmpdir(), 'selvbook-image-'));
  assembleImageTree(tree);
  const infra = await LocalInfrastructure.start({ topics: DEMO_TOPICS });
  try {
    const results: Record<string, Record<Form, Sample>> = {};
    for (const { app } of SERVICES) {
      const warmUp = infra.service(app, { env: { PORT: String(await freePort()) } }).start();
      await warmUp.waitReady(60_000);
      await warmUp.stop();
      const compiled = await sample(infra, app, 'compiled', tree);
      const dev = await sample(infra, app, 'run.js', tree);
      results[app] = { compiled, 'run.js': dev };
      console.log(
        `  ${app}: compiled ${compiled.liveSeconds} s to live, ${compiled.idleRssMiB} MiB idle; run.js ${dev.liveSeconds} s, ${dev.idleRssMiB} MiB`,
      );
    }
    const compiled = Object.values(results).map((r) => r.compiled);
    return {
      ...results,
      compiledMaxIdleRssMiB: Math.max(...compiled.map((s) => s.idleRssMiB)),
      compiledMaxLiveSeconds: Math.max(...compiled.map((s) => s.liveSeconds)),
      targetsMet: compiled.every((s) => s.idleRssMiB <= 130 && s.liveSeconds <= 1.0),
    };
  } finally {
    await infra.stop();
    rmSync(tree, { recursive: true, force: true });
  }
}
