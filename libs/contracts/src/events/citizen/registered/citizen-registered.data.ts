import { IsBoolean } from 'class-validator';
import { ContactGroup } from '../../../domain-types';
import { Doc, IsEnumValue, IsInstant, IsLocalDate, NestedObject, Optional } from '../../../validation/decorators';
import { ContactDetails } from '../contact-details';
import { CitizenAtJobcenter } from '../../shared';

export class CitizenRegisteredData extends CitizenAtJobcenter {
  @IsEnumValue(ContactGroup) contactGroup: ContactGroup;
  @Doc('age thresholds (30, 50) change the rules')
  @IsLocalDate()
  birthDate: string;
  @IsInstant() registeredAt: string;
  @Doc('date the contact course clock starts: first dagpenge day, first request for help, or switch of benefit')
  @IsLocalDate()
  anchorDate: string;
  @Doc('part-time insured: a month of cumulative unemployment is 130 h instead of 160.33 h')
  @Optional()
  @IsBoolean()
  insuredPartTime?: boolean;
  @NestedObject(() => ContactDetails) contact: ContactDetails;
}
