import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@selvbook/platform';
import { AppModule, SERVICE_NAME } from './app.module';
import { ScheduleConfig } from './schedule.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(ScheduleConfig, SERVICE_NAME);
  await startService(
    AppModule.forRoot(config),
    {
      serviceName: SERVICE_NAME,
      title: 'Schedule service',
      description: 'Contact courses of citizens: guiding conversation dates and first-activation deadlines',
    },
    config,
  );
}

main().catch((error) => {
  process.stderr.write(`${SERVICE_NAME} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
