import { CancellationReason, EventEnvelope } from '@selvbook/contracts';
import { Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { DomainProblem } from '@selvbook/platform';
import { actorRoleOf } from '../../domain/actor';
import { cancelBookingRow, loadBookingContext } from '../../infrastructure/booking-store';
import { akasseCancelledEvent, bookedEvent, cancelledEvent, slotEvent } from '../../infrastructure/events';
import { BookingRow } from '../../infrastructure/rows';
import { BookingUseCase } from '../shared/booking-use-case';
import { assertCitizenMayChangeNow, lockBookingToChange } from '../shared/booking-access';
import { bookSeatAsRead, prepareBooking } from '../shared/prepare-booking';
import { correlationId, inTransaction } from '../shared/transaction';
import { RebookBookingCommand } from './rebook-booking.command';

/**
 * Ombooking = cancel + create, linked by ids (Calendly), in one transaction: booking.cancelled (reason
 * REBOOKED, replacedByBookingId) then booking.rebooked (previousBookingId). The old booking is cancelled
 * first, so the new one may overlap it and keeps the deadline's one active booking.
 */
@Injectable()
export class RebookBookingUseCase extends BookingUseCase {
  async execute(command: RebookBookingCommand): Promise<{ previous: BookingRow; booking: BookingRow }> {
    const { principal } = command;
    const now = this.clock.now();
    const source = this.settings.serviceName;
    return inTransaction(this.dataSource, async (tx) => {
      const locked = await lockBookingToChange(tx, command);
      await assertCitizenMayChangeNow(tx, principal, locked, 'rebook', this.settings, now);
      const before = locked.booking;
      const context = await loadBookingContext(
        tx,
        command.newSlotId,
        before.deadline_id,
        before.citizen_id,
        before.conversation_type,
      );
      // The meeting keeps its format unless the request changes it, where the new slot offers it (and the
      // deadline allows it); else the new slot's first allowed format, as for a new booking.
      const allowed = context.deadline?.meeting_formats ?? null;
      const keptFormat =
        context.slot?.formats.includes(before.format) && (!allowed || allowed.includes(before.format))
          ? before.format
          : undefined;
      const { draft } = prepareBooking(
        principal,
        {
          slotId: command.newSlotId,
          citizenId: before.citizen_id,
          deadlineId: before.deadline_id ?? undefined,
          format: command.format ?? keptFormat,
          conversationType: before.conversation_type,
        },
        context,
        now,
        this.settings.defaultPolicy,
      );
      draft.previousBookingId = before.id;
      // A fresh booking is made, so the citizen keeps their right to self-book; selfBooked follows the actor.
      const cancelled = await cancelBookingRow(
        tx,
        before,
        { status: 'CANCELLED', reason: CancellationReason.REBOOKED, legitimateReason: null, replacedBy: draft.id },
        principal,
        now,
        correlationId(),
      );
      const role = actorRoleOf(principal);
      const newSlot = context.slot!;
      const created = await bookSeatAsRead(tx, newSlot, { draft, principal, now, takeSeat: true });
      if (!created) throw new DomainProblem(409, 'the new slot is no longer open', 'slot-withdrawn');
      const events: EventEnvelope[] = [
        cancelledEvent(cancelled.booking, role, source, now),
        bookedEvent(created.booking, source, now),
      ];
      const akasse = this.settings.emitAkasseEvents
        ? akasseCancelledEvent(cancelled.booking, role, source, now)
        : undefined;
      if (akasse) events.push(akasse);
      if (cancelled.slot) events.push(...slotEvent(cancelled.slot, source, now));
      events.push(...slotEvent({ ...newSlot, seats_taken: created.seatsTaken }, source, now));
      await appendToOutbox(tx, events);
      return { previous: cancelled.booking, booking: created.booking };
    });
  }
}
