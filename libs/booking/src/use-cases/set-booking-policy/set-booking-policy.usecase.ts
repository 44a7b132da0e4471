import { Injectable } from '@nestjs/common';
import { organisationOf } from '../../domain/actor';
import { BookingPolicy } from '../../domain/booking-policy';
import { writeAudit } from '../../infrastructure/audit';
import { setPolicy } from '../../infrastructure/slot-store';
import { ensureOrganisation } from '../create-calendar/create-calendar.usecase';
import { BookingUseCase } from '../shared/booking-use-case';
import { inTransaction } from '../shared/transaction';
import { SetBookingPolicyCommand } from './set-booking-policy.command';

/**
 * Booking policy per organisation and conversation type: lead
 * times for booking and for changing, max advance, rebooking.
 */
@Injectable()
export class SetBookingPolicyUseCase extends BookingUseCase {
  async execute(command: SetBookingPolicyCommand): Promise<BookingPolicy & { conversationType: number }> {
    const org = organisationOf(command.principal, command.organisation);
    const p = command.policy;
    return inTransaction(this.dataSource, async (tx) => {
      await ensureOrganisation(tx, org.kind, org.code);
      const { before, after } = await setPolicy(tx, org, command.conversationType, p);
      await writeAudit(tx, command.principal, [
        { action: 'booking-policy.set', entityType: 'booking_policy', before, after },
      ]);
      return { conversationType: command.conversationType, ...p };
    });
  }
}
