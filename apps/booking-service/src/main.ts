import 'reflect-metadata';
import { runService } from '@selvbook/platform';
import { AppModule, SERVICE_NAME } from './app.module';
import { BookingConfig } from './booking.config';

runService(BookingConfig, (config) => AppModule.forRoot(config), {
  serviceName: SERVICE_NAME,
  title: 'Booking service',
  description: 'Calendars, slots and bookings: the REST API citizens and caseworkers use',
});
