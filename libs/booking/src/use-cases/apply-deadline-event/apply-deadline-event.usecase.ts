import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  reopenDeadline,
  setDeadlineStatus,
  upsertCitizen,
  upsertOpenedDeadline,
} from '../../infrastructure/deadline-store';
import {
  RecordDeadlineOpenedCommand,
  RecordDeadlineReopenedCommand,
  RecordDeadlineSettledCommand,
} from './apply-deadline-event.command';

/*
 * The local read model of deadlines (what a citizen may book, until when) and of citizens' organisations,
 * one use case per deadline event. Each runs in the inbox transaction, so a redelivered event has no second effect.
 */

@Injectable()
export class RecordDeadlineOpenedUseCase {
  async execute({ data, occurredAt }: RecordDeadlineOpenedCommand, tx: EntityManager): Promise<void> {
    await upsertOpenedDeadline(tx, data, occurredAt);
    await upsertCitizen(tx, data, data.contactGroup, occurredAt);
  }
}

@Injectable()
export class RecordDeadlineReopenedUseCase {
  async execute({ data, occurredAt }: RecordDeadlineReopenedCommand, tx: EntityManager): Promise<void> {
    await reopenDeadline(tx, data, occurredAt);
    await upsertCitizen(tx, data, null, occurredAt);
  }
}

@Injectable()
export class RecordDeadlineSettledUseCase {
  async execute({ data, status, occurredAt }: RecordDeadlineSettledCommand, tx: EntityManager): Promise<void> {
    await setDeadlineStatus(tx, data.deadlineId, status, occurredAt);
    await upsertCitizen(tx, data, null, occurredAt);
  }
}
