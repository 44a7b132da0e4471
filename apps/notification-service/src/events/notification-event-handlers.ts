import { Controller } from '@nestjs/common';
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
import {
  CancelDeadlineRemindersUseCase,
  NotifyBookingUseCase,
  NotifyCancellationUseCase,
  NotifyDeadlineGivenUseCase,
  NotifyDeadlineMissedUseCase,
  NotifyDeadlineReopenedUseCase,
  NotifyRebookingUseCase,
  SaveContactDetailsUseCase,
} from '@selvbook/notification';

/** The thin consumer: each event type → its use case, inside the inbox transaction. */
@Controller()
export class NotificationEventHandlers {
  constructor(
    private readonly saveContactDetails: SaveContactDetailsUseCase,
    private readonly notifyDeadlineGiven: NotifyDeadlineGivenUseCase,
    private readonly notifyDeadlineReopened: NotifyDeadlineReopenedUseCase,
    private readonly cancelDeadlineReminders: CancelDeadlineRemindersUseCase,
    private readonly notifyDeadlineMissed: NotifyDeadlineMissedUseCase,
    private readonly notifyBooking: NotifyBookingUseCase,
    private readonly notifyRebooking: NotifyRebookingUseCase,
    private readonly notifyCancellation: NotifyCancellationUseCase,
  ) {}

  @OnEvent(CitizenRegisteredEvent)
  citizenRegistered(data: CitizenRegisteredData, { tx }: InboxContext): Promise<void> {
    return this.saveContactDetails.execute(
      { citizenId: data.citizenId, contact: data.contact, jobcenterCode: data.jobcenterCode },
      tx,
    );
  }

  @OnEvent(CitizenContactDetailsChangedEvent)
  contactDetailsChanged(data: CitizenContactDetailsChangedData, { tx }: InboxContext): Promise<void> {
    return this.saveContactDetails.execute({ citizenId: data.citizenId, contact: data.contact }, tx);
  }

  @OnEvent(DeadlineOpenedEvent)
  deadlineOpened(_data: DeadlineOpenedData, { envelope, tx, now }: InboxContext<DeadlineOpenedData>): Promise<void> {
    return this.notifyDeadlineGiven.execute(envelope, tx, now);
  }

  @OnEvent(DeadlineReopenedEvent)
  deadlineReopened(
    _data: DeadlineReopenedData,
    { envelope, tx, now }: InboxContext<DeadlineReopenedData>,
  ): Promise<void> {
    return this.notifyDeadlineReopened.execute(envelope, tx, now);
  }

  @OnEvent(DeadlineFulfilledEvent)
  deadlineFulfilled(data: DeadlineFulfilledData, { tx }: InboxContext): Promise<void> {
    return this.cancelDeadlineReminders.execute(data, tx);
  }

  @OnEvent(DeadlineClosedEvent)
  deadlineClosed(data: DeadlineClosedData, { tx }: InboxContext): Promise<void> {
    return this.cancelDeadlineReminders.execute(data, tx);
  }

  @OnEvent(DeadlineExpiredEvent)
  deadlineExpired(_data: DeadlineExpiredData, { envelope, tx, now }: InboxContext<DeadlineExpiredData>): Promise<void> {
    return this.notifyDeadlineMissed.execute(envelope, tx, now);
  }

  @OnEvent(BookingBookedEvent)
  booked(_data: BookingBookedData, { envelope, tx, now }: InboxContext<BookingBookedData>): Promise<void> {
    return this.notifyBooking.execute(envelope, tx, now);
  }

  @OnEvent(BookingRebookedEvent)
  rebooked(_data: BookingRebookedData, { envelope, tx, now }: InboxContext<BookingRebookedData>): Promise<void> {
    return this.notifyRebooking.execute(envelope, tx, now);
  }

  @OnEvent(BookingCancelledEvent)
  cancelled(_data: BookingCancelledData, { envelope, tx, now }: InboxContext<BookingCancelledData>): Promise<void> {
    return this.notifyCancellation.execute(envelope, tx, now);
  }
}
