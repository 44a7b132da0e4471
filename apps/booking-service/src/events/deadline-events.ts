import { Injectable } from '@nestjs/common';
import { ApplyDeadlineEventCommand, ApplyDeadlineEventUseCase } from '@selvbook/booking';
import { EventHandler, EventHandlerSet } from '@selvbook/messaging';

/** selvbook.deadline.v1 → the local read model of what each citizen may book, and until when. */
@Injectable()
export class DeadlineEvents implements EventHandlerSet {
  constructor(private readonly apply: ApplyDeadlineEventUseCase) {}

  handlers(): Record<string, EventHandler> {
    const handler: EventHandler = (event, tx) => this.apply.execute(new ApplyDeadlineEventCommand(event), tx);
    return {
      'deadline.opened': handler,
      'deadline.fulfilled': handler,
      'deadline.reopened': handler,
      'deadline.closed': handler,
      'deadline.expired': handler,
    };
  }
}
