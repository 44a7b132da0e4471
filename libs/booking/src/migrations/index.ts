import { BookingSchema1764300000000 } from './booking-schema.migration';

export { BookingSchema1764300000000 };

/** The booking service's migrations, in order. */
export const BOOKING_MIGRATIONS = [BookingSchema1764300000000];
