import { Controller, Inject } from '@nestjs/common';
import {
  BookingBookedData,
  BookingBookedEvent,
  BookingCancelledData,
  BookingCancelledEvent,
  BookingRebookedData,
  BookingRebookedEvent,
  CitizenContactDetailsChangedData,
  CitizenContactDetailsChangedEvent,
  CitizenRegisteredData,
  CitizenRegisteredEvent,
  DeadlineClosedData,
  DeadlineClosedEvent,
  DeadlineExpiredData,
  DeadlineExpiredEvent,
  DeadlineFulfilledData,
  DeadlineFulfilledEvent,
  DeadlineOpenedData,
  DeadlineOpenedEvent,
  DeadlineReopenedData,
  DeadlineReopenedEvent,
} from '@selvbook/contracts';
import { InboxContext, OnEvent } from '@selvbook/messaging';
import { RecordNotificationEventsUseCase } from '@selvbook/notification';

/** The thin consumer: each event type → its use case, inside the inbox transaction. */
@Controller()
export class NotificationEventHandlers {
  constructor(@Inject(RecordNotificationEventsUseCase) private readonly record: RecordNotificationEventsUseCase) {}

  @OnEvent(CitizenRegisteredEvent)
  citizenRegistered(data: CitizenRegisteredData, { tx }: InboxContext): Promise<void> {
    return this.record.citizenRegistered(data, tx);
  }

  @OnEvent(CitizenContactDetailsChangedEvent)
  contactDetailsChanged(data: CitizenContactDetailsChangedData, { tx }: InboxContext): Promise<void> {
    return this.record.contactDetailsChanged(data, tx);
  }

  @OnEvent(DeadlineOpenedEvent)
  deadlineOpened(_data: DeadlineOpenedData, { envelope, tx, now }: InboxContext<DeadlineOpenedData>): Promise<void> {
    return this.record.deadlineOpened(envelope, tx, now);
  }

  @OnEvent(DeadlineReopenedEvent)
  deadlineReopened(_data: DeadlineReopenedData, { envelope, tx, now }: InboxContext<DeadlineReopenedData>): Promise<void> {
    return this.record.deadlineReopened(envelope, tx, now);
  }

  @OnEvent(DeadlineFulfilledEvent)
  deadlineFulfilled(data: DeadlineFulfilledData, { tx }: InboxContext): Promise<void> {
    return this.record.deadlineSettled(data, tx);
  }

  @OnEvent(DeadlineClosedEvent)
  deadlineClosed(data: DeadlineClosedData, { tx }: InboxContext): Promise<void> {
    return this.record.deadlineSettled(data, tx);
  }

  @OnEvent(DeadlineExpiredEvent)
  deadlineExpired(_data: DeadlineExpiredData, { envelope, tx, now }: InboxContext<DeadlineExpiredData>): Promise<void> {
    return this.record.deadlineExpired(envelope, tx, now);
  }

  @OnEvent(BookingBookedEvent)
  booked(_data: BookingBookedData, { envelope, tx, now }: InboxContext<BookingBookedData>): Promise<void> {
    return this.record.booked(envelope, tx, now);
  }

  @OnEvent(BookingRebookedEvent)
  rebooked(_data: BookingRebookedData, { envelope, tx, now }: InboxContext<BookingRebookedData>): Promise<void> {
    return this.record.rebooked(envelope, tx, now);
  }

  @OnEvent(BookingCancelledEvent)
  cancelled(_data: BookingCancelledData, { envelope, tx, now }: InboxContext<BookingCancelledData>): Promise<void> {
    return this.record.cancelled(envelope, tx, now);
  }
}
