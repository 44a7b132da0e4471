import { IsBoolean } from 'class-validator';
import { ActorRole, ConversationType, LegitimateCancellationReason } from '../../../domain-types';
import { Doc, IsEntityId, IsEnumValue, IsInstant, Optional } from '../../../validation/decorators';
import { AkasseMemberRef } from '../../shared';

export class AkasseMeetingCancelledData extends AkasseMemberRef {
  @IsEntityId() bookingId: string;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @IsInstant() meetingStartsAt: string;
  @IsEnumValue(ActorRole) cancelledBy: ActorRole;
  @Doc('legitimate reason the member gave; absent: none given (the day still counts)')
  @Optional()
  @IsEnumValue(LegitimateCancellationReason)
  legitimateReason?: LegitimateCancellationReason;
  @Doc('the member booked a new meeting in its place')
  @IsBoolean()
  rebooked: boolean;
}
