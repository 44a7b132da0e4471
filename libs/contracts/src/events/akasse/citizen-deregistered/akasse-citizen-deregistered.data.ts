import { DeregistrationReason } from '../../../domain-types';
import { Doc, IsEntityId, IsEnumValue, IsLocalDate, Optional } from '../../../validation/decorators';
import { AkasseMemberRef } from '../../shared';

export class AkasseCitizenDeregisteredData extends AkasseMemberRef {
  @IsEnumValue(DeregistrationReason) reason: DeregistrationReason;
  @IsLocalDate() deregisteredFrom: string;
  @Doc('the missed deadline, when reason is SELF_BOOKING_DEADLINE_MISSED')
  @Optional()
  @IsEntityId()
  deadlineId?: string;
}
