import { ConversationType, MissedDeadlineConsequence } from '../../../domain-types';
import { IsEntityId, IsEnumValue, IsLocalDate } from '../../../validation/decorators';
import { AkasseMemberRef, IsDeregistrationDate } from '../../shared';

export class AkasseDeadlineMissedData extends AkasseMemberRef {
  @IsEntityId() deadlineId: string;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @IsLocalDate() deadlineDate: string;
  @IsEnumValue(MissedDeadlineConsequence) consequence: MissedDeadlineConsequence;
  @IsDeregistrationDate('no dagpenge from this day until re-registration')
  deregisteredFrom?: string;
}
