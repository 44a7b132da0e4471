import { ConversationType, MissedDeadlineConsequence } from '../../../domain-types';
import { Doc, IsEntityId, IsEnumValue, IsLocalDate, OptionalUnless } from '../../../validation/decorators';
import { AkasseMemberRef } from '../../shared';

export class AkasseDeadlineMissedData extends AkasseMemberRef {
  @IsEntityId() deadlineId: string;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @IsLocalDate() deadlineDate: string;
  @IsEnumValue(MissedDeadlineConsequence) consequence: MissedDeadlineConsequence;
  @Doc('no dagpenge from this day until re-registration')
  @OptionalUnless(
    (o: AkasseDeadlineMissedData) => o.consequence === MissedDeadlineConsequence.DEREGISTRATION,
    'consequence is DEREGISTRATION',
  )
  @IsLocalDate()
  deregisteredFrom?: string;
}
