import { NotificationChannel, NotificationKind } from '../../../domain-types';
import { IsEntityId, IsEnumValue, Optional } from '../../../validation/decorators';
import { CitizenRef } from '../../shared';

export class NotificationSentData extends CitizenRef {
  @IsEntityId() notificationId: string;
  @IsEnumValue(NotificationKind) kind: NotificationKind;
  @IsEnumValue(NotificationChannel) channel: NotificationChannel;
  @Optional() @IsEntityId() deadlineId?: string;
  @Optional() @IsEntityId() bookingId?: string;
}
