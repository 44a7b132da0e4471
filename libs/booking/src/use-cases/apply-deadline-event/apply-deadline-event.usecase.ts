import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RecordDeadlineOpenedCommand, RecordDeadlineReopenedCommand, RecordDeadlineSettledCommand } from './apply-deadline-event.command';

/*
 * The local read model of deadlines (what a citizen may book, until when) and of citizens' organisations,
 * one use case per deadline event. Each runs in the inbox transaction, so a redelivered event has no second effect.
 */

@Injectable()
export class RecordDeadlineOpenedUseCase {
  async execute({ data: o, occurredAt }: RecordDeadlineOpenedCommand, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO deadline (deadline_id, citizen_id, jobcenter_code, akasse_id, conversation_type, conversation_number, deadline_date,
                             latest_meeting_date, contact_group, can_self_book, status, updated_at, meeting_formats)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'OPEN', $11, $12)
       ON CONFLICT (deadline_id) DO UPDATE SET jobcenter_code = EXCLUDED.jobcenter_code, akasse_id = EXCLUDED.akasse_id,
         conversation_type = EXCLUDED.conversation_type, conversation_number = EXCLUDED.conversation_number,
         deadline_date = EXCLUDED.deadline_date, latest_meeting_date = EXCLUDED.latest_meeting_date,
         contact_group = EXCLUDED.contact_group, can_self_book = EXCLUDED.can_self_book, status = 'OPEN', updated_at = EXCLUDED.updated_at,
         meeting_formats = EXCLUDED.meeting_formats`,
      [o.deadlineId, o.citizenId, o.jobcenterCode, o.akasseId ?? null, o.conversationType, o.conversationNumber, o.deadlineDate, o.latestMeetingDate, o.contactGroup, o.canSelfBook, occurredAt, o.meetingFormats ?? null],
    );
    await upsertCitizen(tx, o, o.contactGroup, occurredAt);
  }
}

@Injectable()
export class RecordDeadlineReopenedUseCase {
  async execute({ data: r, occurredAt }: RecordDeadlineReopenedCommand, tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE deadline SET status = 'OPEN', deadline_date = $2, latest_meeting_date = $3, updated_at = $4 WHERE deadline_id = $1`,
      [r.deadlineId, r.deadlineDate, r.latestMeetingDate, occurredAt],
    );
    await upsertCitizen(tx, r, null, occurredAt);
  }
}

@Injectable()
export class RecordDeadlineSettledUseCase {
  async execute({ data, status, occurredAt }: RecordDeadlineSettledCommand, tx: EntityManager): Promise<void> {
    await tx.query(`UPDATE deadline SET status = $2, updated_at = $3 WHERE deadline_id = $1`, [data.deadlineId, status, occurredAt]);
    await upsertCitizen(tx, data, null, occurredAt);
  }
}

async function upsertCitizen(tx: EntityManager, d: { citizenId: string; jobcenterCode: string; akasseId?: string }, contactGroup: string | null, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO citizen (citizen_id, jobcenter_code, akasse_id, contact_group, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (citizen_id) DO UPDATE SET jobcenter_code = EXCLUDED.jobcenter_code, akasse_id = EXCLUDED.akasse_id,
       contact_group = COALESCE(EXCLUDED.contact_group, citizen.contact_group), updated_at = EXCLUDED.updated_at
     WHERE citizen.updated_at <= EXCLUDED.updated_at`,
    [d.citizenId, d.jobcenterCode, d.akasseId ?? null, contactGroup, at],
  );
}
