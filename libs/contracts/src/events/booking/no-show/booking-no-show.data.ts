import { ActorRole, ConversationHolder, ConversationType } from '../../../domain-types';
import { IsEntityId, IsEnumValue, IsInstant, Optional } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class BookingNoShowData extends CitizenAtJobcenter {
  @IsEntityId() bookingId: string;
  @Optional() @IsEntityId() deadlineId?: string;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @IsInstant() startsAt: string;
  /** a no-show at an other actor counts as one at the jobcenter */
  @IsEnumValue(ConversationHolder) heldBy: ConversationHolder;
  @IsEnumValue(ActorRole) registeredBy: ActorRole;
}
