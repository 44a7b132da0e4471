import { Inject, Injectable } from '@nestjs/common';
import { ScheduleCalculatedData } from '@selvbook/contracts';
import type { EntityManager } from 'typeorm';
import { DEADLINE_POLICY, DeadlinePolicy } from '../domain/policy';
import { addExemptionsIfNew, recordScheduleApplied, upsertCitizen } from '../persistence/citizen-store';
import { applyPlan } from './schedule-planning';

/**
 * schedule.calculated → open, keep or close deadlines, or ask the jobcenter to summon (RULES §5).
 * Idempotent: a recalculation with the same need changes nothing (same hash: not even looked at).
 */
@Injectable()
export class ApplyScheduleUseCase {
  constructor(@Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy) {}

  async execute(data: ScheduleCalculatedData, tx: EntityManager, now: Date): Promise<void> {
    const citizen = await upsertCitizen(
      tx,
      {
        citizenId: data.citizenId,
        jobcenterCode: data.jobcenterCode,
        akasseId: data.akasseId,
        contactGroup: data.contactGroup,
      },
      true,
    );
    if (citizen.lastScheduleHash === data.scheduleHash) return;
    // The exemptions the schedule was calculated with can arrive here before their citizen.exemption-granted:
    // known now, the deadline closes with the absence code and the summons is asked for exactly as in the
    // other order. The citizen event stays authoritative (its row wins, its exemption-ended ends it).
    if (data.exemptions?.length) {
      await addExemptionsIfNew(tx, data.citizenId, data.exemptions);
    }
    await applyPlan(this.policy, data, citizen.deregisteredFrom, tx, now);
    await recordScheduleApplied(tx, data.citizenId, data.scheduleHash, data.conversations);
  }
}
