import { BookingSchema1764300000000 } from './booking-schema.migration';
import { SlotHotSeatCounter1764400000000 } from './slot-hot-seat-counter.migration';

export { BookingSchema1764300000000, SlotHotSeatCounter1764400000000 };

/** The booking service's migrations, in order. */
export const BOOKING_MIGRATIONS = [BookingSchema1764300000000, SlotHotSeatCounter1764400000000];
