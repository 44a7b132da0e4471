import { Inject, Injectable } from '@nestjs/common';
import { appendToOutbox } from '@selvbook/messaging';
import { Clock, DomainProblem } from '@selvbook/platform';
import { DataSource } from 'typeorm';
import { actorRoleOf } from '../../domain/actor';
import { findBookingByKey, insertBooking, loadBookingContext } from '../../infrastructure/booking-store';
import { bookedEvent, slotEvent } from '../../infrastructure/events';
import { BookingRow } from '../../infrastructure/rows';
import { BOOKING_SETTINGS, BookingSettings } from '../../infrastructure/settings';
import { prepareBooking } from '../shared/prepare-booking';
import { correlationId, inTransaction } from '../shared/transaction';
import { BookSlotCommand } from './book-slot.command';

export interface BookingResult {
  booking: BookingRow;
  /** false: an earlier request with the same idempotency key made it */
  created: boolean;
}

/** Book directly (reserve and confirm in one step): by the citizen, or by staff on the citizen's behalf. */
@Injectable()
export class BookSlotUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(BOOKING_SETTINGS) private readonly settings: BookingSettings,
  ) {}

  async execute(command: BookSlotCommand): Promise<BookingResult> {
    const { principal, request, idempotencyKey } = command;
    if (idempotencyKey) {
      const earlier = await findBookingByKey(this.dataSource, principal.subject, idempotencyKey);
      if (earlier) return this.replay(earlier, command);
    }
    const now = this.clock.now();
    const context = await loadBookingContext(this.dataSource, request.slotId, request.deadlineId ?? null, request.citizenId ?? principal.citizenId ?? null, request.conversationType ?? null);
    const { draft } = prepareBooking(principal, request, context, now, this.settings.defaultPolicy);
    draft.idempotencyScope = idempotencyKey ? principal.subject : null;
    draft.idempotencyKey = idempotencyKey ?? null;
    try {
      const booking = await inTransaction(this.dataSource, async (tx) => {
        const written = await insertBooking(tx, draft, principal, actorRoleOf(principal), now, true, correlationId());
        if (!written) throw new DomainProblem(409, 'the slot is no longer open', 'slot-withdrawn');
        const source = this.settings.serviceName;
        await appendToOutbox(tx, [bookedEvent(written.booking, source, now), ...slotEvent(written.slot, source, now)]);
        return written.booking;
      });
      return { booking, created: true };
    } catch (error) {
      // Two retries with one key raced: the loser finds the winner's booking.
      if (idempotencyKey && error instanceof DomainProblem && error.getStatus() === 409) {
        const earlier = await findBookingByKey(this.dataSource, principal.subject, idempotencyKey);
        if (earlier) return this.replay(earlier, command);
      }
      throw error;
    }
  }

  private replay(earlier: BookingRow, command: BookSlotCommand): BookingResult {
    if (earlier.slot_id !== command.request.slotId) {
      throw new DomainProblem(422, 'this idempotency key was used for a booking of another slot', 'idempotency-key-reused');
    }
    return { booking: earlier, created: false };
  }
}
