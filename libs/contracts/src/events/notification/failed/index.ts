import { NotificationChannel, NotificationKind } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { NotificationFailedData } from './notification-failed.data';

export { NotificationFailedData };

export const NotificationFailedEvent = defineEvent({
  type: 'notification.failed',
  version: 1,
  topic: Topics.notification,
  dataClass: NotificationFailedData,
  description: 'A message to the citizen could not be delivered (after `attempts` tries).',
  producer: 'notification-service',
  example: {
    citizenId: EXAMPLE.citizenId,
    notificationId: EXAMPLE.notificationId,
    kind: NotificationKind.DEADLINE_REMINDER,
    channel: NotificationChannel.SMS,
    deadlineId: EXAMPLE.deadlineId,
    error: 'SMS gateway: 503 Service Unavailable',
    attempts: 5,
    permanent: true,
  },
});
