import { Inject, Injectable } from '@nestjs/common';
import type { CitizenContactDetailsChangedData, CitizenRegisteredData, DeadlineClosedData, DeadlineFulfilledData } from '@selvbook/contracts';
import type { EventHandler, EventHandlerSet } from '@selvbook/messaging';
import { RecordNotificationEventsUseCase } from '@selvbook/notification';
import { Clock } from '@selvbook/platform';

/** The thin consumer: event type → use case, inside the inbox transaction. */
@Injectable()
export class NotificationEventHandlers implements EventHandlerSet {
  constructor(
    @Inject(RecordNotificationEventsUseCase) private readonly record: RecordNotificationEventsUseCase,
    private readonly clock: Clock,
  ) {}

  handlers(): Record<string, EventHandler> {
    const now = () => this.clock.now();
    return {
      'citizen.registered': (e, tx) => this.record.citizenRegistered(e.data as CitizenRegisteredData, tx),
      'citizen.contact-details-changed': (e, tx) => this.record.contactDetailsChanged(e.data as CitizenContactDetailsChangedData, tx),
      'deadline.opened': (e, tx) => this.record.deadlineOpened(e, tx, now()),
      'deadline.reopened': (e, tx) => this.record.deadlineReopened(e, tx, now()),
      'deadline.fulfilled': (e, tx) => this.record.deadlineSettled(e.data as DeadlineFulfilledData, tx),
      'deadline.closed': (e, tx) => this.record.deadlineSettled(e.data as DeadlineClosedData, tx),
      'deadline.expired': (e, tx) => this.record.deadlineExpired(e, tx, now()),
      'booking.booked': (e, tx) => this.record.booked(e, tx, now()),
      'booking.rebooked': (e, tx) => this.record.rebooked(e, tx, now()),
      'booking.cancelled': (e, tx) => this.record.cancelled(e, tx, now()),
    };
  }
}
