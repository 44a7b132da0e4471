/**
 * CPU seconds spent by a PostgreSQL server (the postmaster and all its backends and workers), read from
 * /proc, so a benchmark can say how much of a run was the database's work (Linux only; 0 elsewhere).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds so far of one process (0 when it is gone). */
export function cpuSecondsOf(pid: number): number {
  try {
    // fields after the command name: state ppid ... utime (14) stime (15), counted from 1
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/**
 * Returns a function that reads the server's CPU seconds so far. Backends come and go (pools close idle
 * connections), and an exited process's time is gone from /proc, so every backend seen is remembered with
 * its last reading and the server is sampled every 250 ms in between: a backend that lived less than that
 * between two readings is missed (the figure is a lower bound).
 */
export async function postgresCpu(dataSource: {
  query(sql: string): Promise<{ pid: number }[]>;
}): Promise<() => number> {
  const [{ pid }] = await dataSource.query('SELECT pg_backend_pid() AS pid');
  const postmaster = parentOf(pid);
  const seen = new Map<number, number>();
  const sample = () => {
    seen.set(postmaster, cpuSecondsOf(postmaster) || (seen.get(postmaster) ?? 0));
    for (const entry of readdirSync('/proc')) {
      const child = Number(entry);
      if (Number.isInteger(child) && parentOf(child) === postmaster)
        seen.set(child, Math.max(cpuSecondsOf(child), seen.get(child) ?? 0));
    }
  };
  sample();
  setInterval(sample, 250).unref();
  return () => {
    sample();
    let total = 0;
    for (const seconds of seen.values()) total += seconds;
    return total;
  };
}

/** This process's CPU seconds so far. */
export const processCpu = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
