import { Language } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { CitizenContactDetailsChangedData } from './citizen-contact-details-changed.data';

export { CitizenContactDetailsChangedData };

export const CitizenContactDetailsChangedEvent = defineEvent({
  type: 'citizen.contact-details-changed',
  version: 1,
  topic: Topics.citizen,
  dataClass: CitizenContactDetailsChangedData,
  description: "The citizen's contact details or preferred language changed (full replacement).",
  producer: 'jobcenter systems',
  example: {
    citizenId: EXAMPLE.citizenId,
    contact: { email: 'ny.adresse@example.dk', digitalPostEnabled: false, language: Language.EN },
  },
});
