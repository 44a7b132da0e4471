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
  recipientAction:
    `Your citizen did not book by the deadline. **Apply the \`consequence\`:** DEREGISTRATION ` +
    `— the citizen is deregistered as jobseeker from \`deregisteredFrom\` (their a-kasse ` +
    `is told separately); DEDUCTION — deduct the benefit from the day the booking was due ` +
    `until the citizen books or restores contact; AVAILABILITY_ASSESSMENT — assess the ` +
    `citizen's availability; SANCTION_ASSESSMENT — consider a sickness-benefit sanction. ` +
    `With \`extendedByOutage\` the deadline had already been moved for a registered outage.`,
  example: {
    ...EXAMPLE.citizenAtJobcenter,
    deadlineId: EXAMPLE.deadlineId,
    contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
    conversationType: ConversationType.JOB_CONVERSATION,
    deadlineDate: '2024-05-27',
    consequence: MissedDeadlineConsequence.DEREGISTRATION,
    deregisteredFrom: '2024-05-28',
    extendedByOutage: false,
  },
});
