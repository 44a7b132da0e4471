import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@selvbook/platform';
import { AppModule, SERVICE_NAME } from './app.module';
import { NotificationConfig } from './notification.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(NotificationConfig, SERVICE_NAME);
  await startService(
    AppModule.forRoot(config),
    {
      serviceName: SERVICE_NAME,
      title: 'Notification service',
      description: 'Messages to citizens: deadline given, reminders, receipts, deadline missed',
    },
    config,
  );
}

main().catch((error) => {
  process.stderr.write(`${SERVICE_NAME} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
