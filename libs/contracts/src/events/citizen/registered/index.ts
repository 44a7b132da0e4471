import { ContactGroup, Language } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { CitizenRegisteredData } from './citizen-registered.data';

export { CitizenRegisteredData };

/** Tilmelding: the citizen registered as a jobseeker (or started a benefit with a contact course). */
export const CitizenRegisteredEvent = defineEvent({
  type: 'citizen.registered',
  version: 1,
  topic: Topics.citizen,
  dataClass: CitizenRegisteredData,
  description: 'A citizen registered as a jobseeker (tilmelding) and starts or resumes a contact course.',
  producer: 'jobcenter systems',
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
    birthDate: '1990-05-17',
    registeredAt: '2024-03-01T08:15:00Z',
    anchorDate: '2024-03-01',
    insuredPartTime: false,
    contact: { email: 'borger@example.dk', phone: '+4512345678', digitalPostEnabled: true, language: Language.DA },
  },
});
