import 'reflect-metadata';
import { runService } from '@selvbook/platform';
import { AppModule, SERVICE_NAME } from './app.module';
import { NotificationConfig } from './notification.config';

runService(NotificationConfig, (config) => AppModule.forRoot(config), {
  serviceName: SERVICE_NAME,
  title: 'Notification service',
  description: 'Messages to citizens: deadline given, reminders, receipts, deadline missed',
});
