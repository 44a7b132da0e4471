import { ConversationHolder, ConversationType } from '../../../domain-types';
import { Doc, IsEntityId, IsEnumValue, IsInstant } from '../../../validation/decorators';
import { AkasseMemberRef } from '../../shared';

export class AkasseNoShowData extends AkasseMemberRef {
  @IsEntityId() bookingId: string;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @Doc('dagpenge are lost from this time until the member contacts whoever held the meeting')
  @IsInstant()
  meetingStartsAt: string;
  @IsEnumValue(ConversationHolder) heldBy: ConversationHolder;
}
