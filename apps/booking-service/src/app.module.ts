import { DynamicModule, Module } from '@nestjs/common';
import { BOOKING_MIGRATIONS, BookingModule } from '@selvbook/booking';
import { serviceModule } from '@selvbook/messaging';
import { BookingConfig } from './booking.config';
import { DeadlineEvents } from './events/deadline-events';
import { ReservationSweeper } from './timers/reservation-sweeper';
import { BookingsController } from './http/bookings.controller';
import { CalendarsController } from './http/calendars.controller';
import { SlotsController } from './http/slots.controller';

export const SERVICE_NAME = 'booking-service';

@Module({})
export class AppModule {
  static forRoot(config: BookingConfig): DynamicModule {
    const booking = BookingModule.forRoot({
      serviceName: SERVICE_NAME,
      reservationTtlSeconds: config.RESERVATION_TTL_SECONDS,
      emitAkasseEvents: config.EMIT_AKASSE_EVENTS,
      defaultPolicy: {
        minLeadMinutesBook: config.DEFAULT_MIN_LEAD_MINUTES_BOOK,
        minLeadMinutesChange: config.DEFAULT_MIN_LEAD_MINUTES_CHANGE,
        maxAdvanceDays: config.DEFAULT_MAX_ADVANCE_DAYS,
        rebookingAllowed: config.DEFAULT_REBOOKING_ALLOWED,
      },
    });
    return serviceModule(AppModule, SERVICE_NAME, config, {
      migrations: BOOKING_MIGRATIONS,
      imports: [booking],
      controllers: [CalendarsController, SlotsController, BookingsController, DeadlineEvents],
      providers: [ReservationSweeper],
    });
  }
}
