import { NotificationKind } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { NotificationNoDigitalContactData } from './notification-no-digital-contact.data';

export { NotificationNoDigitalContactData };

export const NotificationNoDigitalContactEvent = defineEvent({
  type: 'notification.no-digital-contact',
  version: 1,
  topic: Topics.notification,
  dataClass: NotificationNoDigitalContactData,
  description:
    'The citizen has no Digital Post, e-mail or phone to reach; the ' +
    'jobcenter must write by letter (and may consider an exemption).',
  producer: 'notification-service',
  recipients: ['jobcenter'],
  recipientAction:
    `Selvbook could not reach your citizen by Digital Post, e-mail or SMS about \`kind\`. **Contact ` +
    `the citizen another way** (letter, phone) or register an exemption so that you summon instead.`,
  example: {
    citizenId: EXAMPLE.citizenId,
    jobcenterCode: EXAMPLE.jobcenterCode,
    kind: NotificationKind.DEADLINE_GIVEN,
    deadlineId: EXAMPLE.deadlineId,
  },
});
