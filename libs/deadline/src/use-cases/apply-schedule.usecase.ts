import { Inject, Injectable } from '@nestjs/common';
import { ScheduleCalculatedData } from '@selvbook/contracts';
import type { EntityManager } from 'typeorm';
import { DEADLINE_POLICY, DeadlinePolicy } from '../domain/policy';
import { upsertCitizen } from '../persistence/store';
import { applyPlan } from './schedule-planning';

/**
 * schedule.calculated → open, keep or close deadlines, or ask the jobcenter to summon (RULES §5).
 * Idempotent: a recalculation with the same need changes nothing (same hash: not even looked at).
 */
@Injectable()
export class ApplyScheduleUseCase {
  constructor(@Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy) {}

  async execute(data: ScheduleCalculatedData, tx: EntityManager, now: Date): Promise<void> {
    const citizen = await upsertCitizen(tx, { citizenId: data.citizenId, jobcenterCode: data.jobcenterCode, akasseId: data.akasseId, contactGroup: data.contactGroup }, true);
    if (citizen.lastScheduleHash === data.scheduleHash) return;
    // The exemptions the schedule was calculated with can arrive here before their citizen.exemption-granted: known now,
    // the deadline closes with the absence code and the summons is asked for exactly as in the other order. The citizen
    // event stays authoritative (its row wins, its exemption-ended ends it).
    if (data.exemptions?.length) {
      await tx.query(
        `INSERT INTO deadline_exemption (exemption_id, citizen_id, kind, absence_code, valid_from, valid_to)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::date[], $6::date[]) ON CONFLICT (exemption_id) DO NOTHING`,
        [
          data.exemptions.map((e) => e.exemptionId), data.exemptions.map(() => data.citizenId), data.exemptions.map((e) => e.kind),
          data.exemptions.map((e) => e.absenceCode ?? null), data.exemptions.map((e) => e.validFrom), data.exemptions.map((e) => e.validTo ?? null),
        ],
      );
    }
    await applyPlan(this.policy, data, citizen.deregisteredFrom, tx, now);
    await tx.query(`UPDATE deadline_citizen SET last_schedule_hash = $2, last_conversations = $3::jsonb WHERE citizen_id = $1`, [
      data.citizenId, data.scheduleHash, JSON.stringify(data.conversations),
    ]);
  }
}
