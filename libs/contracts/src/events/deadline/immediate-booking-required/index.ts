import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { ImmediateBookingRequiredData } from './immediate-booking-required.data';

export { ImmediateBookingRequiredData };

export const ImmediateBookingRequiredEvent = defineEvent({
  type: 'citizen.immediate-booking-required',
  version: 1,
  topic: Topics.deadline,
  dataClass: ImmediateBookingRequiredData,
  description: 'StraksbookingPaakraevet: at (re-)registration the citizen must book a meeting before anything else.',
  producer: 'deadline-service',
  recipients: ['jobcenter'],
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    requiredFrom: '2024-05-28',
    lapsesOn: '2024-08-28',
    deadlineId: EXAMPLE.deadlineId,
  },
});
