import { DeregistrationReason } from '../../../domain-types';
import { Doc, IsEnumValue, IsLocalDate } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class CitizenDeregisteredData extends CitizenAtJobcenter {
  @IsEnumValue(DeregistrationReason) reason: DeregistrationReason;
  @Doc('first day the citizen is no longer registered as a jobseeker')
  @IsLocalDate()
  deregisteredFrom: string;
}
