import { ImmediateBookingClearedReason } from '../../../domain-types';
import { IsEntityId, IsEnumValue, OptionalUnless } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class ImmediateBookingClearedData extends CitizenAtJobcenter {
  @IsEnumValue(ImmediateBookingClearedReason) reason: ImmediateBookingClearedReason;
  @OptionalUnless(
    (o: ImmediateBookingClearedData) => o.reason === ImmediateBookingClearedReason.BOOKED,
    'reason is BOOKED',
  )
  @IsEntityId()
  bookingId?: string;
}
