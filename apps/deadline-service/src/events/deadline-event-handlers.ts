import { Controller } from '@nestjs/common';
import {
  BookingAttendedData,
  BookingAttendedEvent,
  BookingBookedData,
  BookingBookedEvent,
  BookingCancelledData,
  BookingCancelledEvent,
  BookingNoShowData,
  BookingNoShowEvent,
  BookingRebookedData,
  BookingRebookedEvent,
  CitizenContactGroupChangedData,
  CitizenContactGroupChangedEvent,
  CitizenDeregisteredData,
  CitizenDeregisteredEvent,
  CitizenExemptionEndedData,
  CitizenExemptionEndedEvent,
  CitizenExemptionGrantedData,
  CitizenExemptionGrantedEvent,
  CitizenRegisteredData,
  CitizenRegisteredEvent,
  ScheduleCalculatedData,
  ScheduleCalculatedEvent,
  SlotAvailabilityChangedData,
  SlotAvailabilityChangedEvent,
} from '@selvbook/contracts';
import {
  ApplyScheduleUseCase,
  EndExemptionUseCase,
  RecordAttendanceUseCase,
  RecordBookingUseCase,
  RecordCancellationUseCase,
  RecordContactGroupChangeUseCase,
  RecordDeregistrationUseCase,
  RecordExemptionUseCase,
  RecordNoShowUseCase,
  RecordRebookingUseCase,
  RecordRegistrationUseCase,
  RecordSlotAvailabilityUseCase,
} from '@selvbook/deadline';
import { InboxContext, OnEvent } from '@selvbook/messaging';

/** The thin consumer: each event type → its use case, inside the inbox transaction. */
@Controller()
export class DeadlineEventHandlers {
  constructor(
    private readonly applySchedule: ApplyScheduleUseCase,
    private readonly recordBooking: RecordBookingUseCase,
    private readonly recordRebooking: RecordRebookingUseCase,
    private readonly recordCancellation: RecordCancellationUseCase,
    private readonly recordAttendance: RecordAttendanceUseCase,
    private readonly recordNoShow: RecordNoShowUseCase,
    private readonly recordSlotAvailability: RecordSlotAvailabilityUseCase,
    private readonly recordRegistration: RecordRegistrationUseCase,
    private readonly recordContactGroupChange: RecordContactGroupChangeUseCase,
    private readonly recordExemption: RecordExemptionUseCase,
    private readonly endExemption: EndExemptionUseCase,
    private readonly recordDeregistration: RecordDeregistrationUseCase,
  ) {}

  @OnEvent(ScheduleCalculatedEvent)
  scheduleCalculated(data: ScheduleCalculatedData, { tx, now }: InboxContext): Promise<void> {
    return this.applySchedule.execute(data, tx, now);
  }

  @OnEvent(BookingBookedEvent)
  booked(data: BookingBookedData, { tx, now }: InboxContext): Promise<void> {
    return this.recordBooking.execute(data, tx, now);
  }

  @OnEvent(BookingRebookedEvent)
  rebooked(data: BookingRebookedData, { tx, now }: InboxContext): Promise<void> {
    return this.recordRebooking.execute(data, tx, now);
  }

  @OnEvent(BookingCancelledEvent)
  cancelled(data: BookingCancelledData, { tx, now }: InboxContext): Promise<void> {
    return this.recordCancellation.execute(data, tx, now);
  }

  @OnEvent(BookingAttendedEvent)
  attended(data: BookingAttendedData, { tx, now }: InboxContext): Promise<void> {
    return this.recordAttendance.execute(data, tx, now);
  }

  @OnEvent(BookingNoShowEvent)
  noShow(data: BookingNoShowData, { tx, now }: InboxContext): Promise<void> {
    return this.recordNoShow.execute(data, tx, now);
  }

  @OnEvent(SlotAvailabilityChangedEvent)
  slotAvailabilityChanged(data: SlotAvailabilityChangedData, { tx, now }: InboxContext): Promise<void> {
    return this.recordSlotAvailability.execute(data, tx, now);
  }

  @OnEvent(CitizenRegisteredEvent)
  registered(data: CitizenRegisteredData, { tx, now }: InboxContext): Promise<void> {
    return this.recordRegistration.execute(data, tx, now);
  }

  @OnEvent(CitizenContactGroupChangedEvent)
  contactGroupChanged(data: CitizenContactGroupChangedData, { tx }: InboxContext): Promise<void> {
    return this.recordContactGroupChange.execute(data, tx);
  }

  @OnEvent(CitizenExemptionGrantedEvent)
  exemptionGranted(data: CitizenExemptionGrantedData, { tx, now }: InboxContext): Promise<void> {
    return this.recordExemption.execute(data, tx, now);
  }

  @OnEvent(CitizenExemptionEndedEvent)
  exemptionEnded(data: CitizenExemptionEndedData, { tx }: InboxContext): Promise<void> {
    return this.endExemption.execute(data, tx);
  }

  @OnEvent(CitizenDeregisteredEvent)
  deregistered(data: CitizenDeregisteredData, { tx, now }: InboxContext): Promise<void> {
    return this.recordDeregistration.execute(data, tx, now);
  }
}
