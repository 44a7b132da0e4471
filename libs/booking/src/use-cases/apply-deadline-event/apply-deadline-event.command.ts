import { EventEnvelope } from '@selvbook/contracts';

/** A deadline event from selvbook.deadline.v1, applied to the local read model. */
export class ApplyDeadlineEventCommand {
  constructor(readonly event: EventEnvelope) {}
}
