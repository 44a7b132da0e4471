import { ActorRole, ConversationType, LegitimateCancellationReason } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { RecipientTopicTemplates } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { AkasseMeetingCancelledData } from './akasse-meeting-cancelled.data';

export { AkasseMeetingCancelledData };

export const AkasseMeetingCancelledEvent = defineEvent({
  type: 'akasse.meeting-cancelled',
  version: 1,
  topic: RecipientTopicTemplates.akasse,
  dataClass: AkasseMeetingCancelledData,
  description:
    'A member cancelled (afbud) a jobcenter conversation; without ' +
    'a legitimate reason the day still counts against dagpenge.',
  producer: 'booking-service',
  recipients: ['akasse'],
  recipientAction:
    'A member of yours cancelled a jobsamtale (afbud), or moved it (`rebooked: true`, a new meeting replaces ' +
    'it). **Without `legitimateReason` the day counts against dagpenge; with one, assess whether it ' +
    'holds** (work, job interview, activation offer, another meeting with jobcenter or a-kasse, sickness).',
  example: {
    ...EXAMPLE.akasseMember,
    bookingId: EXAMPLE.bookingId,
    conversationType: ConversationType.JOB_CONVERSATION,
    meetingStartsAt: '2024-05-30T07:00:00Z',
    cancelledBy: ActorRole.CITIZEN,
    legitimateReason: LegitimateCancellationReason.JOB_INTERVIEW,
    rebooked: true,
  },
});
