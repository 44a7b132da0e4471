import { BookingRebookingRights1764300000001 } from './booking-rebooking-rights.migration';
import { BookingSchema1764300000000 } from './booking-schema.migration';
import { ReservationActor1765000000000 } from './reservation-actor.migration';
import { StaffViews1765100000000 } from './staff-views.migration';

/** The booking service's own migrations, in order (after libs/messaging's MESSAGING_MIGRATIONS). */
export const BOOKING_MIGRATIONS = [
  BookingSchema1764300000000,
  BookingRebookingRights1764300000001,
  ReservationActor1765000000000,
  StaffViews1765100000000,
];
