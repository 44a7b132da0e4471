import { ActorRole, ConversationType, MeetingFormat } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { BookingBookedData } from './booking-booked.data';

export { BookingBookedData };

export const BookingBookedEvent = defineEvent({
  type: 'booking.booked',
  version: 1,
  topic: Topics.booking,
  dataClass: BookingBookedData,
  description: 'A meeting was booked in a slot (by the citizen or a caseworker).',
  producer: 'booking-service',
  recipients: ['jobcenter'],
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    bookingId: EXAMPLE.bookingId,
    slotId: EXAMPLE.slotId,
    deadlineId: EXAMPLE.deadlineId,
    conversationType: ConversationType.JOB_CONVERSATION,
    startsAt: '2024-05-30T07:00:00Z',
    endsAt: '2024-05-30T07:45:00Z',
    format: MeetingFormat.IN_PERSON,
    location: 'Jobcenter København, Kalvebod Brygge 45, 1560 København V',
    bookedBy: ActorRole.CITIZEN,
    selfBooked: true,
    rebookingAllowed: true,
    rebookableUntil: '2024-05-30T05:00:00Z',
  },
});
