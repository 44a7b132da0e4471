import { endOfLocalDay } from '@selvbook/calendar';
import { ConversationType } from '@selvbook/contracts';
import type { EntityManager } from 'typeorm';
import { BookingRef } from '../domain/lifecycle';

/** A fulfilled deadline closes when its meeting day is over (RULES §5 lifecycle, edge case 6). */
export function meetingDayEnd(meetingDate: string): Date {
  return endOfLocalDay(meetingDate);
}

/** The citizen's active bookings that fulfil no deadline yet. */
export async function activeUnusedBookings(tx: EntityManager, citizenId: string): Promise<BookingRef[]> {
  const rows: Array<{ bookingId: string; conversationType: ConversationType; meetingDate: string }> = await tx.query(
    `SELECT b.booking_id AS "bookingId", b.conversation_type AS "conversationType", b.meeting_date::text AS "meetingDate"
       FROM deadline_booking b
      WHERE b.citizen_id = $1 AND b.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM deadline d WHERE d.fulfilling_booking_id = b.booking_id AND d.status = 'fulfilled')`,
    [citizenId],
  );
  return rows;
}
