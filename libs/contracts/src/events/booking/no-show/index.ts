import { ActorRole, ConversationHolder, ConversationType } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { BookingNoShowData } from './booking-no-show.data';

export { BookingNoShowData };

export const BookingNoShowEvent = defineEvent({
  type: 'booking.no-show',
  version: 1,
  topic: Topics.booking,
  dataClass: BookingNoShowData,
  description:
    'Udeblivelse: the citizen did not attend the booked meeting (a self-booked meeting counts as a summons).',
  producer: 'booking-service',
  recipients: ['jobcenter'],
  recipientAction:
    `Your citizen did not attend (udeblivelse); a self-booked meeting counts as a summons. ` +
    `**Follow up as for a missed summons** (kontanthjælp: deduction from the meeting day until ` +
    `contact is restored). A dagpenge citizen's a-kasse is told separately (\`akasse.no-show\`).`,
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    bookingId: EXAMPLE.bookingId,
    deadlineId: EXAMPLE.deadlineId,
    conversationType: ConversationType.JOB_CONVERSATION,
    startsAt: '2024-05-30T07:00:00Z',
    heldBy: ConversationHolder.JOBCENTER,
    registeredBy: ActorRole.CASEWORKER,
  },
});
