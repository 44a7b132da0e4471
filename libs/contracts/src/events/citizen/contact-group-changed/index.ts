import { ContactGroup } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { CitizenContactGroupChangedData } from './citizen-contact-group-changed.data';

export { CitizenContactGroupChangedData };

export const CitizenContactGroupChangedEvent = defineEvent({
  type: 'citizen.contact-group-changed',
  version: 1,
  topic: Topics.citizen,
  dataClass: CitizenContactGroupChangedData,
  description: 'The citizen moved to another contact group (kontaktgruppe), effective from a date.',
  producer: 'jobcenter systems',
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    previousContactGroup: ContactGroup.SOCIAL_ASSISTANCE_JOB_READY,
    contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
    effectiveFrom: '2024-04-01',
    anchorDate: '2024-04-01',
  },
});
