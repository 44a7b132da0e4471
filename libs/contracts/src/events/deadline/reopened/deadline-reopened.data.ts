import { DeadlineReopenedReason } from '../../../domain-types';
import { IsEntityId, IsEnumValue, IsLocalDate, IsNotBefore } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class DeadlineReopenedData extends CitizenAtJobcenter {
  @IsEntityId() deadlineId: string;
  @IsEnumValue(DeadlineReopenedReason) reason: DeadlineReopenedReason;
  @IsEntityId() cancelledBookingId: string;
  @IsLocalDate() deadlineDate: string;
  @IsLocalDate() @IsNotBefore('deadlineDate') latestMeetingDate: string;
}
