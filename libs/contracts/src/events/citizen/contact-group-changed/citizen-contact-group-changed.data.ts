import { ContactGroup } from '../../../domain-types';
import { Doc, IsEnumValue, IsLocalDate, Optional } from '../../../validation/decorators';
import { CitizenAtJobcenter } from '../../shared';

export class CitizenContactGroupChangedData extends CitizenAtJobcenter {
  @IsEnumValue(ContactGroup) previousContactGroup: ContactGroup;
  @IsEnumValue(ContactGroup) contactGroup: ContactGroup;
  @IsLocalDate() effectiveFrom: string;
  @Doc('new clock start when the change of benefit restarts the course; absent when the clock continues')
  @Optional()
  @IsLocalDate()
  anchorDate?: string;
}
