import { AbsenceCode, DeadlineClosedReason } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { DeadlineClosedData } from './deadline-closed.data';

export { DeadlineClosedData };

export const DeadlineClosedEvent = defineEvent({
  type: 'deadline.closed',
  version: 1,
  topic: Topics.deadline,
  dataClass: DeadlineClosedData,
  description:
    'The deadline ended without consequence: meeting date reached, ' +
    'absence 56/57/75, deregistration, or a new calculation.',
  producer: 'deadline-service',
  recipients: ['jobcenter'],
  example: {
    citizenId: EXAMPLE.citizenId,
    jobcenterCode: EXAMPLE.jobcenterCode,
    deadlineId: EXAMPLE.deadlineId,
    reason: DeadlineClosedReason.ABSENCE_REGISTERED,
    absenceCode: AbsenceCode.EXEMPT_FROM_SELF_BOOKING,
  },
});
