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
  description: "A member missed a jobcenter self-booking deadline; bears on the member's availability for work (rådighed).",
  producer: 'deadline-service',
  recipients: ['akasse'],
  example: {
    citizenId: EXAMPLE.citizenId,
    akasseId: EXAMPLE.akasseId,
    jobcenterCode: EXAMPLE.jobcenterCode,
    deadlineId: EXAMPLE.deadlineId,
    conversationType: ConversationType.JOB_CONVERSATION,
    deadlineDate: '2024-05-27',
    consequence: MissedDeadlineConsequence.DEREGISTRATION,
    deregisteredFrom: '2024-05-28',
  },
});
