import { Injectable } from '@nestjs/common';
import { DomainProblem } from '@selvbook/platform';
import { actorKey, actorRoleOf } from '../../domain/actor';
import { bookingAsMade, loadDirectBookingContext } from '../../infrastructure/booking-store';
import { PgQueryable, pgPoolOf } from '../../infrastructure/database';
import { translateDbError } from '../../infrastructure/db-errors';
import { announceOutboxCommit, outboxRowsFor } from '../../infrastructure/direct-outbox';
import { bookedEventOf, slotEvent } from '../../infrastructure/events';
import { BookingRow, parseInstant } from '../../infrastructure/rows';
import { BookingUseCase } from '../shared/booking-use-case';
import { bookSeatAsRead, prepareBooking } from '../shared/prepare-booking';
import { tieSelfBookingToDeadline } from '../shared/self-booking';
import { BookSlotCommand } from './book-slot.command';

export interface BookingResult {
  booking: BookingRow;
  /** false: an earlier request with the same idempotency key made it */
  created: boolean;
}

/** A slot moved between our read and our write is read again, this many times at most. */
const ATTEMPTS = 3;

/**
 * Book directly (reserve and confirm in one step): by the citizen, or by staff on the citizen's behalf.
 * Two round trips: one read (slot, deadline, citizen, policy, an earlier booking with the same idempotency
 * key), then one statement that writes everything (seat, booking, audit row, outbox rows) — the hot path of
 * the service, on the DataSource's own `pg` pool.
 */
@Injectable()
export class BookSlotUseCase extends BookingUseCase {
  async execute(command: BookSlotCommand): Promise<BookingResult> {
    const { principal, idempotencyKey } = command;
    const pool = pgPoolOf(this.dataSource);
    const idempotency = idempotencyKey ? { scope: actorKey(principal), key: idempotencyKey } : null;
    const request = await tieSelfBookingToDeadline(pool, principal, command.request, idempotency);
    for (let attempt = 1; ; attempt++) {
      const context = await loadDirectBookingContext(
        pool,
        request.slotId,
        request.deadlineId ?? null,
        request.citizenId ?? principal.citizenId ?? null,
        request.conversationType ?? null,
        idempotency,
      ).catch(translateDbError);
      if (context.earlier) return this.replay(pool, context.earlier, command);
      const now = this.clock.now();
      const { draft } = prepareBooking(principal, request, context, now, this.settings.defaultPolicy);
      draft.idempotencyScope = idempotency?.scope ?? null;
      draft.idempotencyKey = idempotency?.key ?? null;
      const slot = context.slot!;
      const actorRole = actorRoleOf(principal);
      const source = this.settings.serviceName;
      const booked = bookedEventOf(
        {
          bookingId: draft.id,
          slotId: draft.slotId,
          citizenId: draft.citizenId,
          jobcenterCode: draft.jobcenterCode,
          akasseId: draft.akasseId,
          deadlineId: draft.deadlineId,
          conversationType: draft.conversationType,
          startsAt: parseInstant(slot.starts_at),
          endsAt: parseInstant(slot.ends_at),
          format: draft.format,
          location: slot.location,
          bookedBy: actorRole,
          selfBooked: draft.selfBooked,
          previousBookingId: null,
          rebookingAllowed: draft.rebookingAllowed,
          rebookableUntil: draft.rebookableUntil,
        },
        source,
        now,
      );
      // The seat count after our UPDATE is filled in by the statement; this guess only serves validation.
      const guess = { ...slot, seats_taken: Math.min(slot.seats_taken + 1, slot.capacity) };
      const outbox = outboxRowsFor([
        { event: booked },
        ...slotEvent(guess, source, now).map((event) => ({ event, slotCounts: true })),
      ]);
      let written: Awaited<ReturnType<typeof bookSeatAsRead>>;
      try {
        written = await bookSeatAsRead(pool, slot, { draft, principal, now, takeSeat: true, outbox });
      } catch (error) {
        try {
          translateDbError(error);
        } catch (problem) {
          // Two retries with one key raced: the loser finds the winner's booking.
          if (idempotency && problem instanceof DomainProblem && problem.getStatus() === 409) {
            const again = await loadDirectBookingContext(pool, request.slotId, null, null, null, idempotency).catch(
              translateDbError,
            );
            if (again.earlier) return this.replay(pool, again.earlier, command);
          }
          throw problem;
        }
      }
      if (written) {
        announceOutboxCommit(this.dataSource);
        return { booking: written.booking, created: true };
      }
      // Nothing written: the slot was withdrawn, or moved, since we read it. Read it again and decide anew.
      if (attempt >= ATTEMPTS) throw new DomainProblem(409, 'the slot is no longer open', 'slot-withdrawn');
    }
  }

  /** A retry repeats the first answer: the booking as it was made, even if it has changed since (its audit row). */
  private async replay(pool: PgQueryable, earlier: BookingRow, command: BookSlotCommand): Promise<BookingResult> {
    if (earlier.slot_id !== command.request.slotId) {
      throw new DomainProblem(
        422,
        'this idempotency key was used for a booking of another slot',
        'idempotency-key-reused',
      );
    }
    if (earlier.version === 1) return { booking: earlier, created: false };
    return { booking: (await bookingAsMade(pool, earlier.id)) ?? earlier, created: false };
  }
}
