import { NestedObject } from '../../../validation/decorators';
import { ContactDetails } from '../contact-details';
import { CitizenRef } from '../../shared';

export class CitizenContactDetailsChangedData extends CitizenRef {
  /** the full new set: absent e-mail or phone means removed */
  @NestedObject(() => ContactDetails) contact: ContactDetails;
}
