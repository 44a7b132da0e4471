import { ContactGroup, ConversationType } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { DeadlineOpenedData } from './deadline-opened.data';

export { DeadlineOpenedData };

export const DeadlineOpenedEvent = defineEvent({
  type: 'deadline.opened',
  version: 1,
  topic: Topics.deadline,
  dataClass: DeadlineOpenedData,
  description: 'A booking deadline (frist) was given: the citizen must self-book the conversation by deadlineDate.',
  producer: 'deadline-service',
  recipients: ['jobcenter'],
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    deadlineId: EXAMPLE.deadlineId,
    conversationType: ConversationType.JOB_CONVERSATION,
    conversationNumber: 4,
    deadlineDate: '2024-05-27',
    latestMeetingDate: '2024-06-03',
    contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
    canSelfBook: true,
  },
});
