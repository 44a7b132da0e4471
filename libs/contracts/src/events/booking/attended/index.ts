import { ActorRole, ConversationType } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { BookingAttendedData } from './booking-attended.data';

export { BookingAttendedData };

export const BookingAttendedEvent = defineEvent({
  type: 'booking.attended',
  version: 1,
  topic: Topics.booking,
  dataClass: BookingAttendedData,
  description: 'The citizen attended the booked meeting.',
  producer: 'booking-service',
  recipients: ['jobcenter'],
  example: {
    citizenId: EXAMPLE.citizenId,
    jobcenterCode: EXAMPLE.jobcenterCode,
    bookingId: EXAMPLE.bookingId,
    deadlineId: EXAMPLE.deadlineId,
    conversationType: ConversationType.JOB_CONVERSATION,
    startsAt: '2024-05-30T07:00:00Z',
    registeredBy: ActorRole.CASEWORKER,
  },
});
