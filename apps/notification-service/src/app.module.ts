import { DynamicModule, Module } from '@nestjs/common';
import { SUBSCRIPTIONS } from '@selvbook/contracts';
import { serviceInfrastructure } from '@selvbook/messaging';
import { NOTIFICATION_MIGRATIONS, NotificationModule } from '@selvbook/notification';
import { NotificationEventHandlers } from './events/notification-event-handlers';
import { DeliveryRunsController, NotificationsController } from './http/notifications.controller';
import { NotificationConfig, reminderDays } from './notification.config';
import { DeliveryRunnerService } from './timers/delivery-runner.service';

export const SERVICE_NAME = 'notification-service';

@Module({})
export class AppModule {
  static forRoot(config: NotificationConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceInfrastructure(SERVICE_NAME, config, {
          migrations: NOTIFICATION_MIGRATIONS,
          consumes: [...SUBSCRIPTIONS[SERVICE_NAME]],
        }),
        NotificationModule.forRoot({
          reminders: {
            deadlineReminderDays: reminderDays(config),
            deadlineReminderHour: config.DEADLINE_REMINDER_HOUR,
            meetingReminderHours: config.MEETING_REMINDER_HOURS,
          },
        }),
      ],
      controllers: [NotificationsController, DeliveryRunsController, NotificationEventHandlers],
      providers: [DeliveryRunnerService],
    };
  }
}
