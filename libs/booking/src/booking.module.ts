import { DynamicModule, Module } from '@nestjs/common';
import { BOOKING_SETTINGS, BookingSettings, DEFAULT_BOOKING_SETTINGS } from './infrastructure/settings';
import {
  RecordDeadlineOpenedUseCase,
  RecordDeadlineReopenedUseCase,
  RecordDeadlineSettledUseCase,
} from './use-cases/apply-deadline-event/apply-deadline-event.usecase';
import { BookSlotUseCase } from './use-cases/book-slot/book-slot.usecase';
import { CancelBookingUseCase } from './use-cases/cancel-booking/cancel-booking.usecase';
import { ConfirmReservationUseCase } from './use-cases/confirm-reservation/confirm-reservation.usecase';
import { CreateCalendarUseCase } from './use-cases/create-calendar/create-calendar.usecase';
import { ExpireReservationsUseCase } from './use-cases/expire-reservations/expire-reservations.usecase';
import { GenerateSlotsUseCase } from './use-cases/generate-slots/generate-slots.usecase';
import { GetBookingUseCase, ListBookingsUseCase } from './use-cases/get-bookings/get-bookings.usecase';
import { MoveSlotUseCase } from './use-cases/move-slot/move-slot.usecase';
import { PublishSlotsUseCase } from './use-cases/publish-slots/publish-slots.usecase';
import { RebookBookingUseCase } from './use-cases/rebook-booking/rebook-booking.usecase';
import { RegisterAttendanceUseCase } from './use-cases/register-attendance/register-attendance.usecase';
import { ReleaseReservationUseCase } from './use-cases/release-reservation/release-reservation.usecase';
import { ReserveSlotUseCase } from './use-cases/reserve-slot/reserve-slot.usecase';
import { SearchSlotsUseCase } from './use-cases/search-slots/search-slots.usecase';
import { SetBookingPolicyUseCase } from './use-cases/set-booking-policy/set-booking-policy.usecase';
import { SetClosingDaysUseCase } from './use-cases/set-closing-days/set-closing-days.usecase';
import {
  CalendarBookingsUseCase,
  CalendarSlotsUseCase,
  ListCalendarsUseCase,
} from './use-cases/staff-views/staff-views.usecase';
import { WithdrawSlotUseCase } from './use-cases/withdraw-slot/withdraw-slot.usecase';

export const BOOKING_USE_CASES = [
  BookSlotUseCase,
  CalendarBookingsUseCase,
  CalendarSlotsUseCase,
  CancelBookingUseCase,
  ConfirmReservationUseCase,
  CreateCalendarUseCase,
  ExpireReservationsUseCase,
  GenerateSlotsUseCase,
  GetBookingUseCase,
  ListBookingsUseCase,
  ListCalendarsUseCase,
  MoveSlotUseCase,
  PublishSlotsUseCase,
  RebookBookingUseCase,
  RecordDeadlineOpenedUseCase,
  RecordDeadlineReopenedUseCase,
  RecordDeadlineSettledUseCase,
  RegisterAttendanceUseCase,
  ReleaseReservationUseCase,
  ReserveSlotUseCase,
  SearchSlotsUseCase,
  SetBookingPolicyUseCase,
  SetClosingDaysUseCase,
  WithdrawSlotUseCase,
];

/** The booking use cases; needs DataSource (PersistenceModule) and Clock (PlatformModule) in scope. */
@Module({})
export class BookingModule {
  static forRoot(settings: Partial<BookingSettings> = {}): DynamicModule {
    return {
      module: BookingModule,
      providers: [
        { provide: BOOKING_SETTINGS, useValue: { ...DEFAULT_BOOKING_SETTINGS, ...settings } },
        ...BOOKING_USE_CASES,
      ],
      exports: [BOOKING_SETTINGS, ...BOOKING_USE_CASES],
    };
  }
}
