import { compareLocalDates, localDateOf } from '@selvbook/calendar';
import {
  CitizenContactGroupChangedData,
  CitizenDeregisteredData,
  CitizenExemptionEndedData,
  CitizenExemptionGrantedData,
  CitizenRegisteredData,
  DeadlineClosedReason,
  DeregistrationReason,
  EventEnvelope,
} from '@selvbook/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import type { EntityManager } from 'typeorm';
import { closingForExemption, Exemption, isExemptionActive, summonsReasonOf } from '../domain/lifecycle';
import { DEADLINE_POLICY, DeadlinePolicy } from '../domain/policy';
import { build, Events, orgOf } from '../events';
import { endExemption, setDeregisteredFrom, upsertCitizen, upsertExemption } from '../persistence/citizen-store';
import { activeDeadlines, closeDeadline, recordSummonses } from '../persistence/store';
import { replanAfterReregistration, requestSummonsForExemption } from './schedule-planning';

/*
 * citizen.* → the citizen read model; exemptions and deregistration close deadlines (RULES §5, §8.7, §8.10).
 * One use case per event type; each runs in the event's inbox transaction.
 */

/** citizen.registered; a re-registration (the citizen was deregistered) plans the last schedule's deadlines again. */
@Injectable()
export class RecordRegistrationUseCase {
  constructor(@Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy) {}

  async execute(data: CitizenRegisteredData, tx: EntityManager, now: Date): Promise<void> {
    const citizen = await upsertCitizen(tx, data, true);
    // Re-registration: registered again; the immediate-booking flag (if any) stays until a booking or its lapse.
    await setDeregisteredFrom(tx, data.citizenId, null);
    if (citizen.deregisteredFrom !== null) await replanAfterReregistration(this.policy, data.citizenId, tx, now);
  }
}

@Injectable()
export class RecordContactGroupChangeUseCase {
  async execute(data: CitizenContactGroupChangedData, tx: EntityManager): Promise<void> {
    await upsertCitizen(tx, data, true);
  }
}

/**
 * citizen.exemption-granted: open deadlines close if it is in force today, and the jobcenter is asked to summon
 * for each due conversation of the last schedule.
 */
@Injectable()
export class RecordExemptionUseCase {
  constructor(@Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy) {}

  async execute(data: CitizenExemptionGrantedData, tx: EntityManager, now: Date): Promise<void> {
    await this.closeDeadlines(data, tx, now);
    await requestSummonsForExemption(this.policy, data.citizenId, tx, now);
  }

  private async closeDeadlines(data: CitizenExemptionGrantedData, tx: EntityManager, now: Date): Promise<void> {
    await upsertCitizen(
      tx,
      { citizenId: data.citizenId, jobcenterCode: data.jobcenterCode, akasseId: data.akasseId },
      true,
    );
    const exemption: Exemption = {
      exemptionId: data.exemptionId,
      kind: data.kind,
      absenceCode: data.absenceCode,
      validFrom: data.validFrom,
      validTo: data.validTo,
    };
    await upsertExemption(tx, data.citizenId, exemption);
    // In force today: open deadlines close now (absence 56/57/75 [F:S23]); a later start is checked at expiry.
    if (!isExemptionActive(exemption, localDateOf(now))) return;
    const closing = closingForExemption(exemption);
    const summons = summonsReasonOf(exemption);
    const org = orgOf(data);
    const events: EventEnvelope[] = [];
    for (const d of await activeDeadlines(tx, data.citizenId)) {
      if (d.status !== 'open') continue;
      await closeDeadline(tx, d.id, closing.reason, closing.absenceCode, now);
      events.push(build(Events.closed, { ...org, deadlineId: d.id, ...closing }, now));
      if (!summons) continue;
      // Exemption or withdrawal: the jobcenter summons in writing instead (BEK §46) [F:S17].
      await recordSummonses(tx, [
        {
          citizenId: data.citizenId,
          conversationNumber: d.conversationNumber,
          conversationType: d.conversationType,
          latestMeetingDate: d.latestMeetingDate,
          reason: summons,
        },
      ]);
      events.push(
        build(
          Events.summons,
          {
            ...org,
            reason: summons,
            conversationType: d.conversationType,
            conversationNumber: d.conversationNumber,
            deadlineId: d.id,
            latestMeetingDate: d.latestMeetingDate,
          },
          now,
        ),
      );
    }
    await appendToOutbox(tx, events);
  }
}

@Injectable()
export class EndExemptionUseCase {
  async execute(data: CitizenExemptionEndedData, tx: EntityManager): Promise<void> {
    await endExemption(tx, data.exemptionId, data.endedOn);
  }
}

/**
 * Afmelding (RULES §8.7): open and fulfilled deadlines close; the a-kasse of an insured citizen is told
 * (RULES §5 [F:S41; I]) — except for a deregistration we caused ourselves, already sent at expiry.
 */
@Injectable()
export class RecordDeregistrationUseCase {
  async execute(data: CitizenDeregisteredData, tx: EntityManager, now: Date): Promise<void> {
    await upsertCitizen(tx, data, true);
    await setDeregisteredFrom(tx, data.citizenId, data.deregisteredFrom);
    const org = orgOf(data);
    const events: EventEnvelope[] = [];
    if (compareLocalDates(data.deregisteredFrom, localDateOf(now)) <= 0) {
      for (const d of await activeDeadlines(tx, data.citizenId)) {
        await closeDeadline(tx, d.id, DeadlineClosedReason.CITIZEN_DEREGISTERED, undefined, now);
        events.push(
          build(Events.closed, { ...org, deadlineId: d.id, reason: DeadlineClosedReason.CITIZEN_DEREGISTERED }, now),
        );
      }
    }
    if (data.akasseId && data.reason !== DeregistrationReason.SELF_BOOKING_DEADLINE_MISSED) {
      events.push(
        build(
          Events.akasseDeregistered,
          {
            citizenId: data.citizenId,
            akasseId: data.akasseId,
            jobcenterCode: data.jobcenterCode,
            reason: data.reason,
            deregisteredFrom: data.deregisteredFrom,
          },
          now,
        ),
      );
    }
    await appendToOutbox(tx, events);
  }
}

/** The use cases above, in their order. */
export const CITIZEN_EVENT_USE_CASES = [
  RecordRegistrationUseCase,
  RecordContactGroupChangeUseCase,
  RecordExemptionUseCase,
  EndExemptionUseCase,
  RecordDeregistrationUseCase,
];
