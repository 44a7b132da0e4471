import { ActorRole, ConversationType, MeetingFormat } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { BookingRebookedData } from './booking-rebooked.data';

export { BookingRebookedData };

export const BookingRebookedEvent = defineEvent({
  type: 'booking.rebooked',
  version: 1,
  topic: Topics.booking,
  dataClass: BookingRebookedData,
  description:
    'Ombooking: a new booking replacing previousBookingId. A rebooking is cancel + create ' +
    'linked by ids: booking.cancelled (reason REBOOKED, replacedByBookingId) comes first, ' +
    'then this event; consumers that only track bookings treat it like booking.booked.',
  producer: 'booking-service',
  recipients: ['jobcenter'],
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    bookingId: EXAMPLE.bookingId,
    previousBookingId: EXAMPLE.previousBookingId,
    slotId: EXAMPLE.slotId,
    deadlineId: EXAMPLE.deadlineId,
    conversationType: ConversationType.JOB_CONVERSATION,
    startsAt: '2024-05-31T11:00:00Z',
    endsAt: '2024-05-31T11:30:00Z',
    format: MeetingFormat.VIDEO,
    location: 'Video meeting: link in Jobnet',
    bookedBy: ActorRole.CITIZEN,
    selfBooked: true,
  },
});
