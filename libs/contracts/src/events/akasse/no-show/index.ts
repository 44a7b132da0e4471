import { ConversationHolder, ConversationType } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { RecipientTopicTemplates } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { AkasseNoShowData } from './akasse-no-show.data';

export { AkasseNoShowData };

export const AkasseNoShowEvent = defineEvent({
  type: 'akasse.no-show',
  version: 1,
  topic: RecipientTopicTemplates.akasse,
  dataClass: AkasseNoShowData,
  description: 'A member did not attend a jobcenter meeting (udeblivelse); the a-kasse assesses availability.',
  producer: 'deadline-service',
  recipients: ['akasse'],
  recipientAction:
    `A member of yours did not attend a booked meeting (udeblivelse). **Assess ` +
    `the member's availability:** dagpenge are lost from \`meetingStartsAt\` ` +
    `until the member contacts whoever held the meeting (\`heldBy\`).`,
  example: {
    ...EXAMPLE.akasseMember,
    bookingId: EXAMPLE.bookingId,
    conversationType: ConversationType.JOB_CONVERSATION,
    meetingStartsAt: '2024-05-30T07:00:00Z',
    heldBy: ConversationHolder.JOBCENTER,
  },
});
