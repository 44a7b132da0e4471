import 'reflect-metadata';
import { runService } from '@selvbook/platform';
import { AppModule, SERVICE_NAME } from './app.module';
import { DeadlineConfig } from './deadline.config';

runService(DeadlineConfig, (config) => AppModule.forRoot(config), {
  serviceName: SERVICE_NAME,
  title: 'Deadline service',
  description: 'Booking deadlines, their lifecycle and the missed-deadline fan-out to a-kasse and jobcenter',
});
