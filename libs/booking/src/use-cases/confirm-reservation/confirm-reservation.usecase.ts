import { Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { DomainProblem, Principal } from '@selvbook/platform';
import { actorKey } from '../../domain/actor';
import { findBooking, loadBookingContext } from '../../infrastructure/booking-store';
import { bookedEvent, slotEvent } from '../../infrastructure/events';
import { endReservation, findReservation, markConfirmed } from '../../infrastructure/reservation-store';
import { parseInstant, ReservationRow } from '../../infrastructure/rows';
import { BookingResult } from '../book-slot/book-slot.usecase';
import { BookingUseCase } from '../shared/booking-use-case';
import { bookSeatAsRead, prepareBooking } from '../shared/prepare-booking';
import { inTransaction } from '../shared/transaction';
import { ConfirmReservationCommand } from './confirm-reservation.command';

/**
 * Only the actor who reserved (the same role, organisation and subject: `actorKey`), or system, may confirm or
 * release a reservation. Reservations from before `created_by_actor` existed (minutes old at most) compare role
 * and subject.
 */
export function assertOwnReservation(
  principal: Principal,
  reservation: ReservationRow | null,
): asserts reservation is ReservationRow {
  if (!reservation) throw new DomainProblem(404, 'no such reservation', 'reservation-not-found');
  if (principal.role === 'system') return;
  const own = reservation.created_by_actor
    ? reservation.created_by_actor === actorKey(principal)
    : reservation.created_by_role === principal.role && reservation.created_by_subject === principal.subject;
  if (!own) throw new DomainProblem(403, 'this reservation was made by someone else', 'forbidden-reservation');
}

/** Confirm: the reservation's seat becomes a booking. Confirming twice returns the same booking. */
@Injectable()
export class ConfirmReservationUseCase extends BookingUseCase {
  async execute(command: ConfirmReservationCommand): Promise<BookingResult> {
    const { principal, reservationId } = command;
    const now = this.clock.now();
    const source = this.settings.serviceName;
    const outcome = await inTransaction(this.dataSource, async (tx) => {
      const reservation = await findReservation(tx, reservationId, true);
      assertOwnReservation(principal, reservation);
      if (reservation.status === 'CONFIRMED') return { replay: await findBooking(tx, reservation.booking_id!) };
      if (reservation.status !== 'HELD') return { lapsed: true };
      if (parseInstant(reservation.expires_at).getTime() <= now.getTime()) {
        const slot = await endReservation(tx, reservation, 'EXPIRED');
        if (slot) await appendToOutbox(tx, slotEvent(slot, source, now));
        return { lapsed: true };
      }
      const context = await loadBookingContext(
        tx,
        reservation.slot_id,
        reservation.deadline_id,
        reservation.citizen_id,
        reservation.conversation_type,
      );
      const { draft } = prepareBooking(
        principal,
        {
          slotId: reservation.slot_id,
          citizenId: reservation.citizen_id,
          deadlineId: reservation.deadline_id ?? undefined,
          format: reservation.format,
          conversationType: reservation.conversation_type,
        },
        context,
        // the lead time was met when the seat was reserved
        new Date(
          Math.min(
            now.getTime(),
            parseInstant(reservation.expires_at).getTime() - this.settings.reservationTtlSeconds * 1000,
          ),
        ),
        this.settings.defaultPolicy,
      );
      const written = await bookSeatAsRead(tx, context.slot!, { draft, principal, now, takeSeat: false });
      if (!written) throw new DomainProblem(409, 'the slot was withdrawn', 'slot-withdrawn');
      await markConfirmed(tx, reservation.id, written.booking.id);
      await appendToOutbox(tx, [bookedEvent(written.booking, source, now)]);
      return { booking: written.booking };
    });
    if ('lapsed' in outcome)
      throw new DomainProblem(409, 'the reservation has expired or was released; reserve again', 'reservation-expired');
    if ('replay' in outcome) {
      if (!outcome.replay) throw new DomainProblem(404, "the reservation's booking is gone", 'booking-not-found');
      return { booking: outcome.replay, created: false };
    }
    return { booking: outcome.booking, created: true };
  }
}
