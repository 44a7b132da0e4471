import { ConversationType, MissedDeadlineConsequence } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { RecipientTopicTemplates } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { AkasseDeadlineMissedData } from './akasse-deadline-missed.data';

export { AkasseDeadlineMissedData };

export const AkasseDeadlineMissedEvent = defineEvent({
  type: 'akasse.deadline-missed',
  version: 1,
  topic: RecipientTopicTemplates.akasse,
  dataClass: AkasseDeadlineMissedData,
  description:
    "A member missed a jobcenter self-booking deadline; bears on the member's availability for work (rådighed).",
  producer: 'deadline-service',
  recipients: ['akasse'],
  recipientAction:
    `A member of yours did not book a jobcenter conversation by the self-booking deadline. ` +
    `**Assess the member's availability for work (rådighed).** With \`consequence\` ` +
    `DEREGISTRATION the member is deregistered as jobseeker and has no dagpenge from ` +
    `\`deregisteredFrom\` until they register again; when they do, they must book a meeting ` +
    `at once (immediate booking). The same deadline's \`akasse.citizen-deregistered\` follows.`,
  example: {
    ...EXAMPLE.akasseMember,
    deadlineId: EXAMPLE.deadlineId,
    conversationType: ConversationType.JOB_CONVERSATION,
    deadlineDate: '2024-05-27',
    consequence: MissedDeadlineConsequence.DEREGISTRATION,
    deregisteredFrom: '2024-05-28',
  },
});
