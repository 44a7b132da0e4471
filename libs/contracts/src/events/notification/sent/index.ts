import { NotificationChannel, NotificationKind } from '../../../domain-types';
import { defineEvent } from '../../../define-event';
import { Topics } from '../../../topics';
import { EXAMPLE } from '../../examples';
import { NotificationSentData } from './notification-sent.data';

export { NotificationSentData };

export const NotificationSentEvent = defineEvent({
  type: 'notification.sent',
  version: 1,
  topic: Topics.notification,
  dataClass: NotificationSentData,
  description: 'A message to the citizen was handed to its channel (Digital Post, e-mail, SMS).',
  producer: 'notification-service',
  example: {
    citizenId: EXAMPLE.citizenId,
    notificationId: EXAMPLE.notificationId,
    kind: NotificationKind.BOOKING_RECEIPT,
    channel: NotificationChannel.EMAIL,
    bookingId: EXAMPLE.bookingId,
  },
});
