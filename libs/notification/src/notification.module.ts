import { DynamicModule, Module } from '@nestjs/common';
import { NotificationLogQuery } from './use-cases/notification-log.query';
import {
  CancelDeadlineRemindersUseCase,
  DEFAULT_REMINDER_POLICY,
  NotifyBookingUseCase,
  NotifyCancellationUseCase,
  NotifyDeadlineGivenUseCase,
  NotifyDeadlineMissedUseCase,
  NotifyDeadlineReopenedUseCase,
  NotifyRebookingUseCase,
  REMINDER_POLICY,
  ReminderPolicy,
  SaveContactDetailsUseCase,
} from './use-cases/record-events.usecase';

export const NOTIFICATION_USE_CASES = [
  CancelDeadlineRemindersUseCase,
  NotificationLogQuery,
  NotifyBookingUseCase,
  NotifyCancellationUseCase,
  NotifyDeadlineGivenUseCase,
  NotifyDeadlineMissedUseCase,
  NotifyDeadlineReopenedUseCase,
  NotifyRebookingUseCase,
  SaveContactDetailsUseCase,
];

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
