import { ConversationHolder, ConversationType, MeetingFormat } from '../../../domain-types';
import { IsEntityId, IsEnumValue, IsInstant, Optional } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class CitizenConversationHeldData extends CitizenAtJobcenter {
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @IsInstant() heldAt: string;
  @IsEnumValue(ConversationHolder) heldBy: ConversationHolder;
  /** the booking the conversation was held for, when it was booked */
  @Optional() @IsEntityId() bookingId?: string;
  @Optional() @IsEnumValue(MeetingFormat) format?: MeetingFormat;
}
