import { Controller, Inject } from '@nestjs/common';
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
import { ApplyScheduleUseCase, BookingEventsUseCase, CitizenEventsUseCase } from '@selvbook/deadline';
import { InboxContext, OnEvent } from '@selvbook/messaging';

/** The thin consumer: each event type → its use case, inside the inbox transaction. */
@Controller()
export class DeadlineEventHandlers {
  constructor(
    @Inject(ApplyScheduleUseCase) private readonly schedule: ApplyScheduleUseCase,
    @Inject(BookingEventsUseCase) private readonly bookings: BookingEventsUseCase,
    @Inject(CitizenEventsUseCase) private readonly citizens: CitizenEventsUseCase,
  ) {}

  @OnEvent(ScheduleCalculatedEvent)
  scheduleCalculated(data: ScheduleCalculatedData, { tx, now }: InboxContext): Promise<void> {
    return this.schedule.execute(data, tx, now);
  }

  @OnEvent(BookingBookedEvent)
  booked(data: BookingBookedData, { tx, now }: InboxContext): Promise<void> {
    return this.bookings.booked(data, tx, now);
  }

  @OnEvent(BookingRebookedEvent)
  rebooked(data: BookingRebookedData, { tx, now }: InboxContext): Promise<void> {
    return this.bookings.rebooked(data, tx, now);
  }

  @OnEvent(BookingCancelledEvent)
  cancelled(data: BookingCancelledData, { tx, now }: InboxContext): Promise<void> {
    return this.bookings.cancelled(data, tx, now);
  }

  @OnEvent(BookingAttendedEvent)
  attended(data: BookingAttendedData, { tx, now }: InboxContext): Promise<void> {
    return this.bookings.attended(data, tx, now);
  }

  @OnEvent(BookingNoShowEvent)
  noShow(data: BookingNoShowData, { tx, now }: InboxContext): Promise<void> {
    return this.bookings.noShow(data, tx, now);
  }

  @OnEvent(SlotAvailabilityChangedEvent)
  slotAvailabilityChanged(data: SlotAvailabilityChangedData, { tx, now }: InboxContext): Promise<void> {
    return this.bookings.slotAvailabilityChanged(data, tx, now);
  }

  @OnEvent(CitizenRegisteredEvent)
  async registered(data: CitizenRegisteredData, { tx, now }: InboxContext): Promise<void> {
    if (await this.citizens.registered(data, tx)) await this.schedule.reregistered(data.citizenId, tx, now);
  }

  @OnEvent(CitizenContactGroupChangedEvent)
  contactGroupChanged(data: CitizenContactGroupChangedData, { tx }: InboxContext): Promise<void> {
    return this.citizens.contactGroupChanged(data, tx);
  }

  @OnEvent(CitizenExemptionGrantedEvent)
  async exemptionGranted(data: CitizenExemptionGrantedData, { tx, now }: InboxContext): Promise<void> {
    await this.citizens.exemptionGranted(data, tx, now);
    await this.schedule.exemptionGranted(data.citizenId, tx, now);
  }

  @OnEvent(CitizenExemptionEndedEvent)
  exemptionEnded(data: CitizenExemptionEndedData, { tx }: InboxContext): Promise<void> {
    return this.citizens.exemptionEnded(data, tx);
  }

  @OnEvent(CitizenDeregisteredEvent)
  deregistered(data: CitizenDeregisteredData, { tx, now }: InboxContext): Promise<void> {
    return this.citizens.deregistered(data, tx, now);
  }
}
