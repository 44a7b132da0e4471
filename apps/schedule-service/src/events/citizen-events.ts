import { Injectable } from '@nestjs/common';
import type { EventHandler, EventHandlerSet } from '@selvbook/messaging';
import { COURSE_EVENT_TYPES, RecordCitizenEventUseCase } from '@selvbook/schedule';

/** Citizen lifecycle input → the course use case; every relevant event recalculates. */
@Injectable()
export class CitizenEvents implements EventHandlerSet {
  constructor(private readonly record: RecordCitizenEventUseCase) {}

  handlers(): Record<string, EventHandler> {
    return Object.fromEntries(
      COURSE_EVENT_TYPES.map((type) => [type, (event, tx) => this.record.execute(type, event.data as never, tx)] as const),
    );
  }
}
