/**
 * CPU seconds spent by a PostgreSQL server (the postmaster and all its backends and workers), read from
 * /proc, so a benchmark can say how much of a run was the database's work (Linux only; 0 elsewhere).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';

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

/** Returns a function that reads the server's CPU seconds so far (live processes only). */
export async function postgresCpu(dataSource: DataSource): Promise<() => number> {
  const [{ pid }] = await dataSource.query('SELECT pg_backend_pid() AS pid');
  const postmaster = parentOf(pid);
  return () => {
    let total = cpuSecondsOf(postmaster);
    for (const entry of readdirSync('/proc')) {
      const child = Number(entry);
      if (Number.isInteger(child) && parentOf(child) === postmaster) total += cpuSecondsOf(child);
    }
    return total;
  };
}

/** This process's CPU seconds so far. */
export const processCpu = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
