import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { extendForOutages } from '../domain/lifecycle';
import { DEADLINE_POLICY, DeadlinePolicy } from '../domain/policy';
import { DEADLINE_COLUMNS, DeadlineRow } from '../persistence/store';

export interface RecordOutageCommand {
  startsAt: Date;
  endsAt: Date;
  /** absent: a national outage (every jobcenter) */
  jobcenterCode?: string;
  reason?: string;
  /** principal subject, for the audit trail */
  recordedBy: string;
}

export interface RecordOutageResult {
  outageId: string;
  extendedDeadlines: number;
}

/**
 * RULES §5 downtime, edge case 15 [I]: records when booking was unavailable and, in the same transaction,
 * extends every open deadline that expires in the window or within outageGraceMs after it by its length.
 * Deadlines opened later are extended when they are opened (planSchedule sees the recorded outages).
 */
@Injectable()
export class RecordOutageUseCase {
  constructor(@Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy) {}

  async execute(cmd: RecordOutageCommand, tx: EntityManager): Promise<RecordOutageResult> {
    const outageId = randomUUID();
    await tx.query(
      `INSERT INTO deadline_outage (id, starts_at, ends_at, jobcenter_code, reason, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [outageId, cmd.startsAt, cmd.endsAt, cmd.jobcenterCode ?? null, cmd.reason ?? null, cmd.recordedBy],
    );
    const affected: DeadlineRow[] = await tx.query(
      `SELECT ${DEADLINE_COLUMNS} FROM deadline
        WHERE status = 'open' AND expires_at >= $1 AND expires_at <= $2 AND ($3::text IS NULL OR jobcenter_code = $3)
        ORDER BY id FOR UPDATE`,
      [cmd.startsAt, new Date(cmd.endsAt.getTime() + this.policy.outageGraceMs), cmd.jobcenterCode ?? null],
    );
    const outage = { startsAt: cmd.startsAt, endsAt: cmd.endsAt, jobcenterCode: cmd.jobcenterCode ?? null };
    let extended = 0;
    for (const d of affected) {
      const e = extendForOutages({ deadlineDate: d.deadlineDate, latestMeetingDate: d.latestMeetingDate }, [outage], d.jobcenterCode, this.policy);
      if (!e.extendedByOutage) continue;
      await tx.query(
        `UPDATE deadline SET deadline_date = $2, latest_meeting_date = $3, expires_at = $4, due_at = $4, extended_by_outage = true, updated_at = now()
          WHERE id = $1`,
        [d.id, e.deadlineDate, e.latestMeetingDate, e.expiresAt],
      );
      extended++;
    }
    return { outageId, extendedDeadlines: extended };
  }
}
