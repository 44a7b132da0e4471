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
  description:
    'The jobcenter side deregistered a member as jobseeker (afmelding); delivered to that member’s a-kasse only.',
  producer: 'deadline-service',
  recipients: ['akasse'],
  recipientAction:
    'The jobcenter side deregistered a member of yours as jobseeker (afmelding). **Stop dagpenge ' +
    'from `deregisteredFrom` until the member registers again.** With `reason` SELF_BOOKING_DEADLINE_MISSED, ' +
    '`deadlineId` is the missed deadline of the matching `akasse.deadline-missed`.',
  example: {
    ...EXAMPLE.akasseMember,
    reason: DeregistrationReason.SELF_BOOKING_DEADLINE_MISSED,
    deregisteredFrom: '2024-05-28',
    deadlineId: EXAMPLE.deadlineId,
  },
});
