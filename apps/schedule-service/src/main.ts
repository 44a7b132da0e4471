import 'reflect-metadata';
import { runService } from '@selvbook/platform';
import { AppModule, SERVICE_NAME } from './app.module';
import { ScheduleConfig } from './schedule.config';

runService(ScheduleConfig, (config) => AppModule.forRoot(config), {
  serviceName: SERVICE_NAME,
  title: 'Schedule service',
  description: 'Contact courses of citizens: guiding conversation dates and first-activation deadlines',
});
