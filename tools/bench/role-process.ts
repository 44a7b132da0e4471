/**
 * Benchmarks that run services as separate processes (as deployed) drive them through this: the parent
 * forks a child running the same benchmark file with a role name, and sends it commands over IPC.
 */
import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';

export interface RoleCommand {
  cmd: string;
  [argument: string]: unknown;
}

export type RoleHandler = (command: RoleCommand) => Promise<unknown>;

/** The parent's handle on a child process playing one role. */
export class RoleProcess {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  readonly ready: Promise<void>;

  /** `file` is the benchmark's own file; it must call `serveRoleIfChild` at the bottom. `env`: the child's (default: this process's). */
  constructor(file: string, role: string, args: string[], env?: NodeJS.ProcessEnv) {
    this.child = fork(path.join(__dirname, '..', 'run.js'), [file, '--role', role, ...args], {
      stdio: 'inherit',
      ...(env ? { env } : {}),
    });
    this.ready = new Promise((resolve, reject) => {
      this.pending.set(-1, { resolve: () => resolve(), reject });
    });
    this.child.on('exit', (code) => {
      for (const { reject } of this.pending.values()) reject(new Error(`${role} process exited with ${code}`));
      this.pending.clear();
    });
    this.child.on('message', ({ id, value, error }: { id: number; value?: unknown; error?: string }) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (error) waiting?.reject(new Error(`${role}: ${error}`));
      else waiting?.resolve(value);
    });
  }

  call<T = void>(command: RoleCommand): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, command });
    });
  }

  /** Sends `stop` (the child cleans up and exits) and waits for the exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise((resolve) =>
      this.child.exitCode !== null ? resolve(undefined) : this.child.once('exit', resolve),
    );
    await this.call({ cmd: 'stop' }).catch(() => undefined);
    await exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/**
 * In a child started by RoleProcess: builds the role's handler and answers commands until `stop`.
 * Returns false in the parent (no `--role` argument), so the file can run its benchmark instead.
 */
export function serveRoleIfChild(roles: Record<string, (args: string[]) => Promise<RoleHandler>>): boolean {
  const at = process.argv.indexOf('--role');
  if (at < 0 || !process.send) return false;
  const [role, ...args] = process.argv.slice(at + 1);
  roles[role](args)
    .then((handle) => {
      process.on('message', ({ id, command }: { id: number; command: RoleCommand }) => {
        handle(command).then(
          (value) => {
            // after `stop` the role has closed its connections; exit once the answer is out
            process.send!({ id, value }, () => command.cmd === 'stop' && process.exit(0));
          },
          (error: Error) => process.send!({ id, error: error.stack ?? error.message }),
        );
      });
      process.send!({ id: -1 });
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
  return true;
}
