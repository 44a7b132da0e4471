import { ActorRole, ConversationType } from '../../../domain-types';
import { IsEntityId, IsEnumValue, IsInstant, Optional } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class BookingAttendedData extends CitizenAtJobcenter {
  @IsEntityId() bookingId: string;
  @Optional() @IsEntityId() deadlineId?: string;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @IsInstant() startsAt: string;
  @IsEnumValue(ActorRole) registeredBy: ActorRole;
}
