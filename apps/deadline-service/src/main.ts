import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@selvbook/platform';
import { AppModule, SERVICE_NAME } from './app.module';
import { DeadlineConfig } from './deadline.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(DeadlineConfig, SERVICE_NAME);
  await startService(
    AppModule.forRoot(config),
    {
      serviceName: SERVICE_NAME,
      title: 'Deadline service',
      description: 'Booking deadlines, their lifecycle and the missed-deadline fan-out to a-kasse and jobcenter',
    },
    config,
  );
}

main().catch((error) => {
  process.stderr.write(`${SERVICE_NAME} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
