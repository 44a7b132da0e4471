import { ContactGroup, ConversationHolder, ConversationStatus, ConversationType, Regime } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { ScheduleCalculatedData, ScheduledConversation, ScheduleExemption } from './schedule-calculated.data';

export { ScheduleCalculatedData, ScheduledConversation, ScheduleExemption };

export const ScheduleCalculatedEvent = defineEvent({
  type: 'schedule.calculated',
  version: 1,
  topic: Topics.schedule,
  dataClass: ScheduleCalculatedData,
  description:
    "The citizen's contact course (kontaktforløb) was (re)calculated: guiding dates, windows " +
    'and which conversations need a booking deadline. Supersedes every earlier calculation.',
  producer: 'schedule-service',
  // STAR delivers guiding dates to both jobcenters and a-kasser (RULES §4, §6)
  recipients: ['jobcenter', 'akasse'],
  recipientAction:
    'Your citizen’s (or member’s) plan of conversations: hold or offer each conversation ' +
    'by its guiding date, within its window; an a-kasse plans its own CV and availability ' +
    'conversations (types 10, 15) and joint ones (17). OVERDUE means the window ' +
    'closed without the conversation held. Each calculation replaces the previous one.',
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    regime: Regime.R2024,
    contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
    conversations: [
      {
        number: 4,
        type: ConversationType.JOB_CONVERSATION,
        heldBy: ConversationHolder.JOBCENTER,
        guidingDate: '2024-06-03',
        windowFrom: '2024-06-01',
        windowTo: '2024-06-17',
        status: ConversationStatus.DUE,
        needsBookingDeadline: true,
      },
    ],
    firstActivationDeadline: '2024-09-02',
    calculatedAt: '2024-03-01T08:15:02Z',
    scheduleHash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  },
});
