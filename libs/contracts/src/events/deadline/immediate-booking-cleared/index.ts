import { ImmediateBookingClearedReason } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { ImmediateBookingClearedData } from './immediate-booking-cleared.data';

export { ImmediateBookingClearedData };

export const ImmediateBookingClearedEvent = defineEvent({
  type: 'citizen.immediate-booking-cleared',
  version: 1,
  topic: Topics.deadline,
  dataClass: ImmediateBookingClearedData,
  description: 'The immediate-booking flag was cleared: the citizen booked, or it lapsed.',
  producer: 'deadline-service',
  recipients: ['jobcenter'],
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    reason: ImmediateBookingClearedReason.BOOKED,
    bookingId: EXAMPLE.bookingId,
  },
});
