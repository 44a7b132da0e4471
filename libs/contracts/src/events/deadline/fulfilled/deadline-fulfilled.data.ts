import { IsEntityId } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class DeadlineFulfilledData extends CitizenAtJobcenter {
  @IsEntityId() deadlineId: string;
  @IsEntityId() bookingId: string;
}
