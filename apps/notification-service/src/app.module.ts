import { DynamicModule, Global, Module } from '@nestjs/common';
import { SUBSCRIPTIONS } from '@selvbook/contracts';
import { serviceInfrastructure } from '@selvbook/messaging';
import { NOTIFICATION_MIGRATIONS, NotificationLogQuery, RecordNotificationEventsUseCase } from '@selvbook/notification';
import { DataSource } from 'typeorm';
import { NotificationEventHandlers } from './events/notification-event-handlers';
import { DeliveryRunsController, NotificationsController } from './http/notifications.controller';
import { NotificationConfig, reminderDays } from './notification.config';
import { DeliveryRunnerService } from './runner/delivery-runner.service';

export const SERVICE_NAME = 'notification-service';

/** Use cases and the handler set; global so the consumer (in MessagingModule) finds EVENT_HANDLERS. */
@Global()
@Module({})
class NotificationCoreModule {
  static forRoot(config: NotificationConfig): DynamicModule {
    return {
      module: NotificationCoreModule,
      providers: [
        {
          provide: RecordNotificationEventsUseCase,
          useFactory: () =>
            new RecordNotificationEventsUseCase({
              deadlineReminderDays: reminderDays(config),
              deadlineReminderHour: config.DEADLINE_REMINDER_HOUR,
              meetingReminderHours: config.MEETING_REMINDER_HOURS,
            }),
        },
        { provide: NotificationLogQuery, inject: [DataSource], useFactory: (ds: DataSource) => new NotificationLogQuery(ds) },
      ],
      exports: [RecordNotificationEventsUseCase, NotificationLogQuery],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: NotificationConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceInfrastructure(SERVICE_NAME, config, { migrations: NOTIFICATION_MIGRATIONS, consumes: [...SUBSCRIPTIONS[SERVICE_NAME]] }),
        NotificationCoreModule.forRoot(config),
      ],
      controllers: [NotificationsController, DeliveryRunsController, NotificationEventHandlers],
      providers: [DeliveryRunnerService],
    };
  }
}
