import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { eventually } from '../eventually';

const ROOT = join(__dirname, '..', '..', '..', '..');

export interface ServiceProcessOptions {
  /** App folder name under apps/, e.g. 'booking-service'. */
  app: string;
  env: Record<string, string>;
  /** Receives each output line (JSON logs); default: discarded. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** A service running as its own OS process, as in production: used by `npm start`, e2e and kill tests. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  constructor(private readonly options: ServiceProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get port(): number {
    return Number(this.options.env.PORT);
  }

  start(): this {
    const child = spawn(process.execPath, [join(ROOT, 'tools', 'run.js'), join('apps', this.options.app, 'src', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = once(child, 'exit').then(([code]) => code as number | null);
    for (const stream of ['stdout', 'stderr'] as const) {
      let buffered = '';
      child[stream]!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) this.options.onLine?.(line, stream);
      });
    }
    return this;
  }

  async waitReady(timeoutMs = 30000): Promise<void> {
    await eventually(async () => {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
        throw new Error(`${this.options.app} exited with code ${this.child.exitCode}`);
      }
      const response = await fetch(`http://127.0.0.1:${this.port}/health/ready`);
      if (response.status !== 200) throw new Error(`${this.options.app} not ready: ${await response.text()}`);
    }, { timeoutMs, intervalMs: 200 });
  }

  /** Resolves when the process has exited by itself. */
  exitCode(): Promise<number | null> {
    return this.exited ?? Promise.resolve(null);
  }

  /** SIGTERM and wait for the graceful shutdown; SIGKILL if it takes longer than `graceMs`. */
  async stop(graceMs = 15000): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    try {
      return await this.exited!;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Dies at once, mid-work: what a crash or an OOM kill looks like. */
  async kill(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
