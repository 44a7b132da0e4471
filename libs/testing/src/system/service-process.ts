import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../eventually';

const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The Kafka mock broker runs inside the process that starts the services (FFI), and librdkafka creates its
 * sockets without close-on-exec: a child would inherit the broker's end of every connection open at that
 * moment, and its listening socket. When the mock then closes a connection (a broker set down), the inherited
 * copy keeps it open — clients see a silent, half-open connection instead of a reset, and a "down" broker
 * keeps accepting connections it never answers. A real broker process shares its sockets with no one, so the
 * child closes every inherited descriptor above stdio before it becomes the service (same pid, via exec).
 */
const CLOSE_INHERITED_FDS_AND_EXEC =
  'for fd in $(ls /proc/$$/fd 2>/dev/null || ls /dev/fd); do if ' +
  '[ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi; done; exec "$@"';

/**
 * A service started here dies with the process that started it (Linux's parent-death signal, through
 * util-linux's setpriv where it is installed): a test run or benchmark that crashes — librdkafka's mock broker
 * aborts the process on an internal assertion now and then — leaves no services running on the machine.
 */
const DIE_WITH_PARENT = existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'KILL', '--'] : [];

export interface ServiceProcessOptions {
  /** App folder name under apps/, e.g. 'booking-service'. */
  app: string;
  env: Record<string, string>;
  /**
   * Runs this instead of the TypeScript entry point through tools/run.js, with `env` as the whole environment
   * (nothing inherited): how the deployed-form test starts the image's command.
   */
  deployed?: { command: string[]; cwd: string };
  /** Receives each output line (JSON logs); default: discarded. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /**
   * A session of its own (setsid), and with it a CPU scheduling group of its own where the kernel groups by
   * session (autogroup, on by default): as a pod has its own cgroup. Otherwise every service shares the starting
   * process's group, while each PostgreSQL backend has one to itself (the postmaster starts every backend in a
   * new session), so on a saturated machine the services together get the share of one backend. Benchmarks use it.
   */
  ownSchedulingGroup?: boolean;
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
    const { deployed } = this.options;
    const command = deployed?.command ?? [
      ...DIE_WITH_PARENT,
      process.execPath,
      join(ROOT, 'tools', 'run.js'),
      join('apps', this.options.app, 'src', 'main.ts'),
    ];
    const child = spawn('bash', ['-c', CLOSE_INHERITED_FDS_AND_EXEC, 'service-process', ...command], {
      cwd: deployed?.cwd ?? ROOT,
      env: deployed ? this.options.env : { ...process.env, ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: this.options.ownSchedulingGroup ?? false,
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
    await eventually(
      async () => {
        if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
          throw new Error(`${this.options.app} exited with code ${this.child.exitCode}`);
        }
        const response = await fetch(`http://127.0.0.1:${this.port}/health/ready`);
        if (response.status !== 200) throw new Error(`${this.options.app} not ready: ${await response.text()}`);
      },
      { timeoutMs, intervalMs: 200 },
    );
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
