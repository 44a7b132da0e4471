import { DeadlineReopenedReason } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { DeadlineReopenedData } from './deadline-reopened.data';

export { DeadlineReopenedData };

export const DeadlineReopenedEvent = defineEvent({
  type: 'deadline.reopened',
  version: 1,
  topic: Topics.deadline,
  dataClass: DeadlineReopenedData,
  description: 'The booking that fulfilled the deadline was cancelled; the citizen must book again by deadlineDate.',
  producer: 'deadline-service',
  recipients: ['jobcenter'],
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    deadlineId: EXAMPLE.deadlineId,
    reason: DeadlineReopenedReason.BOOKING_CANCELLED,
    cancelledBookingId: EXAMPLE.bookingId,
    deadlineDate: '2024-05-27',
    latestMeetingDate: '2024-06-03',
  },
});
