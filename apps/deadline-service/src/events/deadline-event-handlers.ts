import { Inject, Injectable } from '@nestjs/common';
import type {
  BookingAttendedData,
  BookingBookedData,
  BookingCancelledData,
  BookingNoShowData,
  BookingRebookedData,
  CitizenContactGroupChangedData,
  CitizenDeregisteredData,
  CitizenExemptionEndedData,
  CitizenExemptionGrantedData,
  CitizenRegisteredData,
  ScheduleCalculatedData,
  SlotAvailabilityChangedData,
} from '@selvbook/contracts';
import { ApplyScheduleUseCase, BookingEventsUseCase, CitizenEventsUseCase } from '@selvbook/deadline';
import { EventHandler, EventHandlerSet } from '@selvbook/messaging';
import { Clock } from '@selvbook/platform';

/** The thin consumer: event type → use case, inside the inbox transaction. */
@Injectable()
export class DeadlineEventHandlers implements EventHandlerSet {
  constructor(
    @Inject(ApplyScheduleUseCase) private readonly schedule: ApplyScheduleUseCase,
    @Inject(BookingEventsUseCase) private readonly bookings: BookingEventsUseCase,
    @Inject(CitizenEventsUseCase) private readonly citizens: CitizenEventsUseCase,
    private readonly clock: Clock,
  ) {}

  handlers(): Record<string, EventHandler> {
    const now = () => this.clock.now();
    return {
      'schedule.calculated': (e, tx) => this.schedule.execute(e.data as ScheduleCalculatedData, tx, now()),
      'booking.booked': (e, tx) => this.bookings.booked(e.data as BookingBookedData, tx, now()),
      'booking.rebooked': (e, tx) => this.bookings.rebooked(e.data as BookingRebookedData, tx, now()),
      'booking.cancelled': (e, tx) => this.bookings.cancelled(e.data as BookingCancelledData, tx, now()),
      'booking.attended': (e, tx) => this.bookings.attended(e.data as BookingAttendedData, tx, now()),
      'booking.no-show': (e, tx) => this.bookings.noShow(e.data as BookingNoShowData, tx, now()),
      'slot.availability-changed': (e, tx) => this.bookings.slotAvailabilityChanged(e.data as SlotAvailabilityChangedData, tx, now()),
      'citizen.registered': async (e, tx) => {
        const data = e.data as CitizenRegisteredData;
        if (await this.citizens.registered(data, tx)) await this.schedule.reregistered(data.citizenId, tx, now());
      },
      'citizen.contact-group-changed': (e, tx) => this.citizens.contactGroupChanged(e.data as CitizenContactGroupChangedData, tx),
      'citizen.exemption-granted': async (e, tx) => {
        const at = now();
        await this.citizens.exemptionGranted(e.data as CitizenExemptionGrantedData, tx, at);
        await this.schedule.exemptionGranted((e.data as CitizenExemptionGrantedData).citizenId, tx, at);
      },
      'citizen.exemption-ended': (e, tx) => this.citizens.exemptionEnded(e.data as CitizenExemptionEndedData, tx),
      'citizen.deregistered': (e, tx) => this.citizens.deregistered(e.data as CitizenDeregisteredData, tx, now()),
    };
  }
}
