import { DeregistrationReason } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { CitizenDeregisteredData } from './citizen-deregistered.data';

export { CitizenDeregisteredData };

export const CitizenDeregisteredEvent = defineEvent({
  type: 'citizen.deregistered',
  version: 1,
  topic: Topics.citizen,
  dataClass: CitizenDeregisteredData,
  description:
    'The citizen is no longer registered as a jobseeker (afmelding); open deadlines close, the clock is kept.',
  producer: 'jobcenter systems',
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    reason: DeregistrationReason.EMPLOYMENT,
    deregisteredFrom: '2024-06-03',
  },
});
