import { ConversationType, SummonsReason } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { SummonsRequestedData } from './summons-requested.data';

export { SummonsRequestedData };

export const SummonsRequestedEvent = defineEvent({
  type: 'summons.requested',
  version: 1,
  topic: Topics.deadline,
  dataClass: SummonsRequestedData,
  description:
    'The citizen cannot self-book this conversation (exempt, right withdrawn, no ' +
    'free slots, no digital contact): the jobcenter must summon (indkalde) in writing.',
  producer: 'deadline-service',
  recipients: ['jobcenter'],
  recipientAction:
    `**Summon the citizen yourself** (indkaldelse, in writing) for the conversation ` +
    `by \`latestMeetingDate\`: they cannot self-book (\`reason\`). With NO_FREE_SLOTS ` +
    `no sanction is possible for the missed booking; publish more slots or summon.`,
  example: {
    citizenId: EXAMPLE.citizenId,
    jobcenterCode: EXAMPLE.jobcenterCode,
    reason: SummonsReason.EXEMPT_FROM_SELF_BOOKING,
    conversationType: ConversationType.JOB_CONVERSATION,
    conversationNumber: 4,
    deadlineId: EXAMPLE.deadlineId,
    latestMeetingDate: '2024-06-03',
  },
});
