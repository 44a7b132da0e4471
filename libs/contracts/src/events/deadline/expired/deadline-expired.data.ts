import { IsBoolean } from 'class-validator';
import { ContactGroup, ConversationType, MissedDeadlineConsequence } from '../../../domain-types';
import { Doc, IsEntityId, IsEnumValue, IsLocalDate, Optional } from '../../../validation/decorators';
import { CitizenAtJobcenter, IsDeregistrationDate } from '../../shared';

export class DeadlineExpiredData extends CitizenAtJobcenter {
  @IsEntityId() deadlineId: string;
  @IsEnumValue(ContactGroup) contactGroup: ContactGroup;
  @IsEnumValue(ConversationType) conversationType: ConversationType;
  @Doc('the deadline that passed without a booking (after any outage extension)')
  @IsLocalDate()
  deadlineDate: string;
  @IsEnumValue(MissedDeadlineConsequence) consequence: MissedDeadlineConsequence;
  @IsDeregistrationDate('dagpenge: deregistered as jobseeker from this day (the day after the deadline)')
  deregisteredFrom?: string;
  @Doc('the deadline had been extended by the length of a registered outage')
  @Optional()
  @IsBoolean()
  extendedByOutage?: boolean;
}
