import { ContactGroup, ConversationType, MissedDeadlineConsequence } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { DeadlineExpiredData } from './deadline-expired.data';

export { DeadlineExpiredData };

export const DeadlineExpiredEvent = defineEvent({
  type: 'deadline.expired',
  version: 1,
  topic: Topics.deadline,
  dataClass: DeadlineExpiredData,
  description: 'The deadline passed without a booking (overskredet); consequence by contact group.',
  producer: 'deadline-service',
  recipients: ['jobcenter'],
  example: {
    citizenId: EXAMPLE.citizenId,
    jobcenterCode: EXAMPLE.jobcenterCode,
    akasseId: EXAMPLE.akasseId,
    deadlineId: EXAMPLE.deadlineId,
    contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
    conversationType: ConversationType.JOB_CONVERSATION,
    deadlineDate: '2024-05-27',
    consequence: MissedDeadlineConsequence.DEREGISTRATION,
    deregisteredFrom: '2024-05-28',
    extendedByOutage: false,
  },
});
