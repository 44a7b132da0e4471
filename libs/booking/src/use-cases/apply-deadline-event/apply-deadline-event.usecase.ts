import { DeadlineOpenedData, DeadlineReopenedData } from '@selvbook/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { reopenDeadline, setDeadlineStatus, upsertCitizen, upsertOpenedDeadline } from '../../infrastructure/deadline-store';
import { DeadlineRow } from '../../infrastructure/rows';
import { ApplyDeadlineEventCommand } from './apply-deadline-event.command';

const STATUS_BY_TYPE: Record<string, DeadlineRow['status']> = {
  'deadline.fulfilled': 'FULFILLED',
  'deadline.closed': 'CLOSED',
  'deadline.expired': 'EXPIRED',
};

/**
 * Keeps the local read model of deadlines (what a citizen may book, until when) and of citizens'
 * organisations. Runs in the inbox transaction, so a redelivered event has no second effect.
 */
@Injectable()
export class ApplyDeadlineEventUseCase {
  async execute(command: ApplyDeadlineEventCommand, tx: EntityManager): Promise<void> {
    const { event } = command;
    const d = event.data as { citizenId: string; jobcenterCode: string; akasseId?: string; deadlineId?: string };
    if (event.type === 'deadline.opened') {
      const o = event.data as DeadlineOpenedData;
      await upsertOpenedDeadline(tx, o, event.occurredAt);
      await upsertCitizen(tx, d, o.contactGroup, event.occurredAt);
      return;
    }
    if (event.type === 'deadline.reopened') {
      const r = event.data as DeadlineReopenedData;
      await reopenDeadline(tx, r, event.occurredAt);
      await upsertCitizen(tx, d, null, event.occurredAt);
      return;
    }
    const status = STATUS_BY_TYPE[event.type];
    if (status && d.deadlineId) {
      await setDeadlineStatus(tx, d.deadlineId, status, event.occurredAt);
      await upsertCitizen(tx, d, null, event.occurredAt);
    }
  }
}

