import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { DeadlineFulfilledData } from './deadline-fulfilled.data';

export { DeadlineFulfilledData };

export const DeadlineFulfilledEvent = defineEvent({
  type: 'deadline.fulfilled',
  version: 1,
  topic: Topics.deadline,
  dataClass: DeadlineFulfilledData,
  description: 'The deadline was met (indfriet) by a booking.',
  producer: 'deadline-service',
  recipients: ['jobcenter'],
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    deadlineId: EXAMPLE.deadlineId,
    bookingId: EXAMPLE.bookingId,
  },
});
