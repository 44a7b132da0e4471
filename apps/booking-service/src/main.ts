import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@selvbook/platform';
import { AppModule, SERVICE_NAME } from './app.module';
import { BookingConfig } from './booking.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(BookingConfig, SERVICE_NAME);
  await startService(
    AppModule.forRoot(config),
    {
      serviceName: SERVICE_NAME,
      title: 'Booking service',
      description: 'Calendars, slots and bookings: the REST API citizens and caseworkers use',
    },
    config,
  );
}

main().catch((error) => {
  process.stderr.write(`${SERVICE_NAME} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
