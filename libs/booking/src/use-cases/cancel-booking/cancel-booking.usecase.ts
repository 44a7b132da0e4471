import { CancellationReason, EventEnvelope } from '@selvbook/contracts';
import { Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { DomainProblem } from '@selvbook/platform';
import { actorRoleOf } from '../../domain/actor';
import { cancelBookingRow } from '../../infrastructure/booking-store';
import { akasseCancelledEvent, cancelledEvent, slotEvent } from '../../infrastructure/events';
import { BookingRow } from '../../infrastructure/rows';
import { BookingUseCase } from '../shared/booking-use-case';
import { assertCitizenMayChangeNow, lockBookingToChange } from '../shared/booking-access';
import { correlationId, inTransaction } from '../shared/transaction';
import { CancelBookingCommand } from './cancel-booking.command';

/** Afbud: cancels a booking with a reason and frees its seat; the citizen is held to the policy's notice. */
@Injectable()
export class CancelBookingUseCase extends BookingUseCase {
  async execute(command: CancelBookingCommand): Promise<BookingRow> {
    const { principal } = command;
    const now = this.clock.now();
    const reason =
      command.reason ??
      (principal.role === 'citizen' ? CancellationReason.CITIZEN_CANCELLED : CancellationReason.CANCELLED_BY_AUTHORITY);
    if (reason === CancellationReason.REBOOKED)
      throw new DomainProblem(400, 'rebook with POST /v1/bookings/{id}/rebook', 'use-rebook');
    if (principal.role === 'citizen' && reason !== CancellationReason.CITIZEN_CANCELLED) {
      throw new DomainProblem(403, 'a citizen cancels with reason CITIZEN_CANCELLED', 'forbidden-reason');
    }
    const source = this.settings.serviceName;
    return inTransaction(this.dataSource, async (tx) => {
      const locked = await lockBookingToChange(tx, command);
      await assertCitizenMayChangeNow(tx, principal, locked, 'cancel', this.settings, now);
      const { booking, slot: after } = await cancelBookingRow(
        tx,
        locked.booking,
        { status: 'CANCELLED', reason, legitimateReason: command.legitimateReason ?? null, replacedBy: null },
        principal,
        now,
        correlationId(),
      );
      const role = actorRoleOf(principal);
      const events: EventEnvelope[] = [cancelledEvent(booking, role, source, now)];
      const akasse = this.settings.emitAkasseEvents ? akasseCancelledEvent(booking, role, source, now) : undefined;
      if (akasse) events.push(akasse);
      if (after) events.push(...slotEvent(after, source, now));
      await appendToOutbox(tx, events);
      return booking;
    });
  }
}
