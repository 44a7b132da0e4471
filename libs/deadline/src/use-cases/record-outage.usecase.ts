import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { extendForOutages } from '../domain/lifecycle';
import { DEADLINE_POLICY, DeadlinePolicy } from '../domain/policy';
import { insertOutage } from '../persistence/outage-store';
import { extendDeadline, lockOpenDeadlinesExpiringBetween } from '../persistence/store';

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
    const jobcenterCode = cmd.jobcenterCode ?? null;
    await insertOutage(tx, {
      id: outageId,
      startsAt: cmd.startsAt,
      endsAt: cmd.endsAt,
      jobcenterCode,
      reason: cmd.reason ?? null,
      recordedBy: cmd.recordedBy,
    });
    const affected = await lockOpenDeadlinesExpiringBetween(
      tx,
      cmd.startsAt,
      new Date(cmd.endsAt.getTime() + this.policy.outageGraceMs),
      jobcenterCode,
    );
    const outage = { startsAt: cmd.startsAt, endsAt: cmd.endsAt, jobcenterCode };
    let extended = 0;
    for (const d of affected) {
      const e = extendForOutages(
        { deadlineDate: d.deadlineDate, latestMeetingDate: d.latestMeetingDate },
        [outage],
        d.jobcenterCode,
        this.policy,
      );
      if (!e.extendedByOutage) continue;
      await extendDeadline(tx, d.id, e);
      extended++;
    }
    return { outageId, extendedDeadlines: extended };
  }
}
