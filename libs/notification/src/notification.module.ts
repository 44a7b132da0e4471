import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationLogQuery } from './use-cases/notification-log.query';
import { DEFAULT_REMINDER_POLICY, RecordNotificationEventsUseCase, ReminderPolicy } from './use-cases/record-events.usecase';

const NOTIFICATION_USE_CASES = [RecordNotificationEventsUseCase, NotificationLogQuery];

/** The notification use cases; needs DataSource (PersistenceModule) in scope. */
@Module({})
export class NotificationModule {
  static forRoot(reminders: ReminderPolicy = DEFAULT_REMINDER_POLICY): DynamicModule {
    return {
      module: NotificationModule,
      providers: [
        { provide: RecordNotificationEventsUseCase, useFactory: () => new RecordNotificationEventsUseCase(reminders) },
        { provide: NotificationLogQuery, inject: [DataSource], useFactory: (ds: DataSource) => new NotificationLogQuery(ds) },
      ],
      exports: NOTIFICATION_USE_CASES,
    };
  }
}
