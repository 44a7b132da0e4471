import { ActorRole, CancellationReason, ConversationType, LegitimateCancellationReason } from '../../../domain-types';
import { Doc, IsEntityId, IsEnumValue, IsInstant, Optional, OptionalUnless } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class BookingCancelledData extends CitizenAtJobcenter {
  @IsEntityId() bookingId: string;
  @IsEntityId() slotId: string;
  @Optional() @IsEntityId() deadlineId?: string;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @Doc('start of the cancelled meeting')
  @IsInstant()
  startsAt: string;
  @IsEnumValue(ActorRole) cancelledBy: ActorRole;
  @IsEnumValue(CancellationReason) reason: CancellationReason;
  @Doc('reason given that the law counts as legitimate (dagpenge); absent: none given. The a-kasse assesses it.')
  @Optional()
  @IsEnumValue(LegitimateCancellationReason)
  legitimateReason?: LegitimateCancellationReason;
  @OptionalUnless((o: BookingCancelledData) => o.reason === CancellationReason.REBOOKED, 'reason is REBOOKED')
  @IsEntityId()
  replacedByBookingId?: string;
}
