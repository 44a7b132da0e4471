import { DeregistrationReason } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { RecipientTopicTemplates } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { AkasseCitizenDeregisteredData } from './akasse-citizen-deregistered.data';

export { AkasseCitizenDeregisteredData };

export const AkasseCitizenDeregisteredEvent = defineEvent({
  type: 'akasse.citizen-deregistered',
  version: 1,
  topic: RecipientTopicTemplates.akasse,
  dataClass: AkasseCitizenDeregisteredData,
  description: 'The jobcenter side deregistered a member as jobseeker (afmelding); delivered to that member’s a-kasse only.',
  producer: 'deadline-service',
  recipients: ['akasse'],
  example: {
    citizenId: EXAMPLE.citizenId,
    akasseId: EXAMPLE.akasseId,
    jobcenterCode: EXAMPLE.jobcenterCode,
    reason: DeregistrationReason.SELF_BOOKING_DEADLINE_MISSED,
    deregisteredFrom: '2024-05-28',
    deadlineId: EXAMPLE.deadlineId,
  },
});
