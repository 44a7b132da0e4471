import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => Promise<void>;
/** A dependency's state as shown in the readiness body (e.g. `{ status: 'down', … }`); cheap, no I/O. */
export type ReadinessReport = () => { status: 'up' | 'down' } & Record<string, unknown>;

/**
 * Readiness says whether this replica can serve its HTTP API. What it needs registers a check (the
 * database); what it can serve without registers a report, shown in the body but never a reason to be
 * unready (the broker: writes wait in the outbox). Readiness fails first on shutdown so Kubernetes stops
 * routing traffic before the consumers and pools close.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly reports = new Map<string, ReadinessReport>();
  private draining = false;

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  report(name: string, report: ReadinessReport): void {
    this.reports.set(name, report);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks.entries()];
  }

  reportEntries(): [string, ReadinessReport][] {
    return [...this.reports.entries()];
  }

  startDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }
}
