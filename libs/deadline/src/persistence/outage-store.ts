/**
 * The outage store: when booking was unavailable (RULES §5 downtime), through the caller's transaction.
 */
import type { Outage } from '../domain/lifecycle';
import type { Queryable } from './queryable';

export async function insertOutage(
  tx: Queryable,
  o: {
    id: string;
    startsAt: Date;
    endsAt: Date;
    jobcenterCode: string | null;
    reason: string | null;
    recordedBy: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO deadline_outage (id, starts_at, ends_at, jobcenter_code, reason, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6)`,
    [o.id, o.startsAt, o.endsAt, o.jobcenterCode, o.reason, o.recordedBy],
  );
}

/** Outages that can still matter for a deadline expiring after `since`. */
export async function relevantOutages(tx: Queryable, since: Date, graceMs: number): Promise<Outage[]> {
  const rows: Array<{ startsAt: Date; endsAt: Date; jobcenterCode: string | null }> = await tx.query(
    `SELECT starts_at AS "startsAt", ends_at AS "endsAt", jobcenter_code AS "jobcenterCode" FROM deadline_outage
         WHERE ends_at >= $1`,
    [new Date(since.getTime() - graceMs)],
  );
  return rows;
}
