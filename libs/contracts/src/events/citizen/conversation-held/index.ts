import { ConversationHolder, ConversationType, MeetingFormat } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { CitizenConversationHeldData } from './citizen-conversation-held.data';

export { CitizenConversationHeldData };

export const CitizenConversationHeldEvent = defineEvent({
  type: 'citizen.conversation-held',
  version: 1,
  topic: Topics.citizen,
  dataClass: CitizenConversationHeldData,
  description: 'A caseworker registered a held conversation; it counts towards the contact course.',
  producer: 'jobcenter and a-kasse systems',
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    conversationType: ConversationType.JOB_CONVERSATION,
    heldAt: '2024-04-02T09:00:00+02:00',
    heldBy: ConversationHolder.JOBCENTER,
    bookingId: EXAMPLE.bookingId,
    format: MeetingFormat.IN_PERSON,
  },
});
