import { NotificationExpired1764600000000 } from './notification-expired.migration';
import { NotificationCorrelationText1765000000000 } from './notification-correlation-text.migration';
import { NotificationTables1764400000000 } from './notification-tables.migration';
import { NotificationOccurredAt1765100000000 } from './notification-occurred-at.migration';

/** The notification service's own migrations, in order (after libs/messaging's MESSAGING_MIGRATIONS). */
export const NOTIFICATION_MIGRATIONS = [
  NotificationTables1764400000000,
  NotificationExpired1764600000000,
  NotificationCorrelationText1765000000000,
  NotificationOccurredAt1765100000000,
];
