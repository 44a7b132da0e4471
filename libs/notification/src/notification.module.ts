import { DynamicModule, Module } from '@nestjs/common';
import { NotificationLogQuery } from './use-cases/notification-log.query';
import {
  DEFAULT_REMINDER_POLICY,
  RECORD_EVENT_USE_CASES,
  REMINDER_POLICY,
  ReminderPolicy,
} from './use-cases/record-events.usecase';

export const NOTIFICATION_USE_CASES = [...RECORD_EVENT_USE_CASES, NotificationLogQuery];

export interface NotificationSettings {
  reminders: ReminderPolicy;
}

/** The notification use cases and the log query; needs DataSource (PersistenceModule) in scope. */
@Module({})
export class NotificationModule {
  static forRoot(settings: Partial<NotificationSettings> = {}): DynamicModule {
    return {
      module: NotificationModule,
      providers: [
        { provide: REMINDER_POLICY, useValue: settings.reminders ?? DEFAULT_REMINDER_POLICY },
        ...NOTIFICATION_USE_CASES,
      ],
      exports: [REMINDER_POLICY, ...NOTIFICATION_USE_CASES],
    };
  }
}
