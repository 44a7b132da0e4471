import { IsInt, Min } from 'class-validator';
import { ConversationType, SummonsReason } from '../../../domain-types';
import { Doc, IsEntityId, IsEnumValue, IsLocalDate, Optional } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class SummonsRequestedData extends CitizenAtJobcenter {
  @IsEnumValue(SummonsReason) reason: SummonsReason;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @Optional() @IsInt() @Min(1) conversationNumber?: number;
  @Optional() @IsEntityId() deadlineId?: string;
  @Doc('the meeting must be held by this day')
  @IsLocalDate()
  latestMeetingDate: string;
}
