import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { organisationOf } from '../../domain/actor';
import { BookingPolicy } from '../../domain/booking-policy';
import { writeAudit } from '../../infrastructure/audit';
import { PolicyRow } from '../../infrastructure/rows';
import { ensureOrganisation } from '../create-calendar/create-calendar.usecase';
import { inTransaction } from '../shared/transaction';
import { SetBookingPolicyCommand } from './set-booking-policy.command';

/** Booking policy per organisation and conversation type: lead times for booking and for changing, max advance, rebooking. */
@Injectable()
export class SetBookingPolicyUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: SetBookingPolicyCommand): Promise<BookingPolicy & { conversationType: number }> {
    const org = organisationOf(command.principal, command.organisation);
    const p = command.policy;
    return inTransaction(this.dataSource, async (tx) => {
      await ensureOrganisation(tx, org.kind, org.code);
      const before: PolicyRow[] = await tx.query(
        `SELECT * FROM booking_policy WHERE org_kind = $1 AND org_code = $2 AND conversation_type = $3 FOR UPDATE`,
        [org.kind, org.code, command.conversationType],
      );
      const after: PolicyRow[] = await tx.query(
        `INSERT INTO booking_policy (org_kind, org_code, conversation_type, min_lead_minutes_book, min_lead_minutes_change, max_advance_days, rebooking_allowed)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (org_kind, org_code, conversation_type) DO UPDATE SET
           min_lead_minutes_book = EXCLUDED.min_lead_minutes_book, min_lead_minutes_change = EXCLUDED.min_lead_minutes_change,
           max_advance_days = EXCLUDED.max_advance_days, rebooking_allowed = EXCLUDED.rebooking_allowed, updated_at = now()
         RETURNING *`,
        [org.kind, org.code, command.conversationType, p.minLeadMinutesBook, p.minLeadMinutesChange, p.maxAdvanceDays, p.rebookingAllowed],
      );
      await writeAudit(tx, command.principal, [{ action: 'booking-policy.set', entityType: 'booking_policy', before: before[0] ?? null, after: after[0] }]);
      return { conversationType: command.conversationType, ...p };
    });
  }
}
