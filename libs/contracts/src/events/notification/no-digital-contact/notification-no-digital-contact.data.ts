import { NotificationKind } from '../../../domain-types';
import { IsEntityId, IsEnumValue, Optional } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class NotificationNoDigitalContactData extends CitizenAtJobcenter {
  @IsEnumValue(NotificationKind) kind: NotificationKind;
  @Optional() @IsEntityId() deadlineId?: string;
  @Optional() @IsEntityId() bookingId?: string;
}
