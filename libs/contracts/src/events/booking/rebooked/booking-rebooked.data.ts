import { IsEntityId } from '../../../validation/decorators';
import { BookingBookedData } from '../booked/booking-booked.data';

/** The new booking of a rebooking; `previousBookingId` was cancelled with reason REBOOKED. */
export class BookingRebookedData extends BookingBookedData {
  @IsEntityId() previousBookingId: string;
}
