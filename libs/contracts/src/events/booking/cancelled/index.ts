import { ActorRole, CancellationReason, ConversationType } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { BookingCancelledData } from './booking-cancelled.data';

export { BookingCancelledData };

export const BookingCancelledEvent = defineEvent({
  type: 'booking.cancelled',
  version: 1,
  topic: Topics.booking,
  dataClass: BookingCancelledData,
  description: 'A booked meeting was cancelled (afbud, rebooking, or by the authority); its slot is free again.',
  producer: 'booking-service',
  recipients: ['jobcenter'],
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    bookingId: EXAMPLE.previousBookingId,
    slotId: EXAMPLE.slotId,
    deadlineId: EXAMPLE.deadlineId,
    conversationType: ConversationType.JOB_CONVERSATION,
    startsAt: '2024-05-30T07:00:00Z',
    cancelledBy: ActorRole.CITIZEN,
    reason: CancellationReason.REBOOKED,
    replacedByBookingId: EXAMPLE.bookingId,
  },
});
