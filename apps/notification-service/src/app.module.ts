import { DynamicModule, Module } from '@nestjs/common';
import { serviceModule } from '@selvbook/messaging';
import { NOTIFICATION_MIGRATIONS, NotificationModule } from '@selvbook/notification';
import { NotificationEventHandlers } from './events/notification-event-handlers';
import { DeliveryRunsController, NotificationsController } from './http/notifications.controller';
import { NotificationConfig, reminderPolicyFromConfig } from './notification.config';
import { DeliveryRunnerService } from './timers/delivery-runner.service';

export const SERVICE_NAME = 'notification-service';

@Module({})
export class AppModule {
  static forRoot(config: NotificationConfig): DynamicModule {
    return serviceModule(AppModule, SERVICE_NAME, config, {
      migrations: NOTIFICATION_MIGRATIONS,
      imports: [NotificationModule.forRoot({ reminders: reminderPolicyFromConfig(config) })],
      controllers: [NotificationsController, DeliveryRunsController, NotificationEventHandlers],
      providers: [DeliveryRunnerService],
    });
  }
}
