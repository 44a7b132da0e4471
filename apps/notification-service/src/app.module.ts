import { DynamicModule, Global, Module } from '@nestjs/common';
import { SUBSCRIPTIONS } from '@selvbook/contracts';
import { EVENT_HANDLERS, serviceInfrastructure } from '@selvbook/messaging';
import { NOTIFICATION_MIGRATIONS, NotificationModule } from '@selvbook/notification';
import { NotificationEventHandlers } from './events/notification-event-handlers';
import { DeliveryRunsController, NotificationsController } from './http/notifications.controller';
import { NotificationConfig, reminderDays } from './notification.config';
import { DeliveryRunnerService } from './timers/delivery-runner.service';

export const SERVICE_NAME = 'notification-service';

/** The handler set; global so the consumer (in MessagingModule) finds EVENT_HANDLERS. */
@Global()
@Module({})
class NotificationEventsModule {
  static forRoot(notification: DynamicModule): DynamicModule {
    return {
      module: NotificationEventsModule,
      imports: [notification],
      providers: [{ provide: EVENT_HANDLERS, useClass: NotificationEventHandlers }],
      exports: [EVENT_HANDLERS],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: NotificationConfig): DynamicModule {
    const notification = NotificationModule.forRoot({
      deadlineReminderDays: reminderDays(config),
      deadlineReminderHour: config.DEADLINE_REMINDER_HOUR,
      meetingReminderHours: config.MEETING_REMINDER_HOURS,
    });
    return {
      module: AppModule,
      imports: [
        ...serviceInfrastructure(SERVICE_NAME, config, { migrations: NOTIFICATION_MIGRATIONS, consumes: [...SUBSCRIPTIONS[SERVICE_NAME]] }),
        notification,
        NotificationEventsModule.forRoot(notification),
      ],
      controllers: [NotificationsController, DeliveryRunsController],
      providers: [DeliveryRunnerService],
    };
  }
}
