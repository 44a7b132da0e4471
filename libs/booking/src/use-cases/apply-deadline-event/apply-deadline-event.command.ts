import {
  DeadlineClosedData,
  DeadlineExpiredData,
  DeadlineFulfilledData,
  DeadlineOpenedData,
  DeadlineReopenedData,
} from '@selvbook/contracts';

/** deadline.opened from selvbook.deadline.v1: the citizen may book for it now. */
export class RecordDeadlineOpenedCommand {
  constructor(
    readonly data: DeadlineOpenedData,
    /** the event's occurredAt: a later change of the citizen's row wins over an earlier one */
    readonly occurredAt: string,
  ) {}
}

/** deadline.reopened: open again, with new dates. */
export class RecordDeadlineReopenedCommand {
  constructor(
    readonly data: DeadlineReopenedData,
    readonly occurredAt: string,
  ) {}
}

/** deadline.fulfilled, .closed or .expired: the deadline no longer admits a booking. */
export class RecordDeadlineSettledCommand {
  constructor(
    readonly data: DeadlineFulfilledData | DeadlineClosedData | DeadlineExpiredData,
    readonly status: 'FULFILLED' | 'CLOSED' | 'EXPIRED',
    readonly occurredAt: string,
  ) {}
}
