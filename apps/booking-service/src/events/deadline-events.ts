import { Controller } from '@nestjs/common';
import {
  RecordDeadlineOpenedCommand,
  RecordDeadlineOpenedUseCase,
  RecordDeadlineReopenedCommand,
  RecordDeadlineReopenedUseCase,
  RecordDeadlineSettledCommand,
  RecordDeadlineSettledUseCase,
} from '@selvbook/booking';
import {
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

/** selvbook.deadline.v1 → the local read model of what each citizen may book, and until when. */
@Controller()
export class DeadlineEvents {
  constructor(
    private readonly opened: RecordDeadlineOpenedUseCase,
    private readonly reopened: RecordDeadlineReopenedUseCase,
    private readonly settled: RecordDeadlineSettledUseCase,
  ) {}

  @OnEvent(DeadlineOpenedEvent)
  deadlineOpened(data: DeadlineOpenedData, { envelope, tx }: InboxContext): Promise<void> {
    return this.opened.execute(new RecordDeadlineOpenedCommand(data, envelope.occurredAt), tx);
  }

  @OnEvent(DeadlineReopenedEvent)
  deadlineReopened(data: DeadlineReopenedData, { envelope, tx }: InboxContext): Promise<void> {
    return this.reopened.execute(new RecordDeadlineReopenedCommand(data, envelope.occurredAt), tx);
  }

  @OnEvent(DeadlineFulfilledEvent)
  deadlineFulfilled(data: DeadlineFulfilledData, { envelope, tx }: InboxContext): Promise<void> {
    return this.settled.execute(new RecordDeadlineSettledCommand(data, 'FULFILLED', envelope.occurredAt), tx);
  }

  @OnEvent(DeadlineClosedEvent)
  deadlineClosed(data: DeadlineClosedData, { envelope, tx }: InboxContext): Promise<void> {
    return this.settled.execute(new RecordDeadlineSettledCommand(data, 'CLOSED', envelope.occurredAt), tx);
  }

  @OnEvent(DeadlineExpiredEvent)
  deadlineExpired(data: DeadlineExpiredData, { envelope, tx }: InboxContext): Promise<void> {
    return this.settled.execute(new RecordDeadlineSettledCommand(data, 'EXPIRED', envelope.occurredAt), tx);
  }
}
