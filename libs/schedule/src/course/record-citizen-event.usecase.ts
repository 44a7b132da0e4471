import { localDateOf } from '@selvbook/calendar';
import { NonRetryableError } from '@selvbook/messaging';
import { Clock } from '@selvbook/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { applyCitizenEvent, CitizenEventData, CitizenEventType, CourseEventRejected } from './apply-citizen-event';
import { calculateCourse } from './calculate-course';
import { lockCourse, saveRecalculated } from './course-store';
import type { CourseState } from './course-state';

/**
 * A lifecycle event from a jobcenter or a-kasse system: update the course, recalculate, and publish
 * `schedule.calculated` if the result changed — all in the consumer's inbox transaction.
 */
@Injectable()
export class RecordCitizenEventUseCase {
  constructor(private readonly clock: Clock) {}

  async execute<T extends CitizenEventType>(
    type: T,
    data: CitizenEventData[T] & { citizenId: string },
    tx: EntityManager,
  ): Promise<void> {
    const stored = await lockCourse(tx, data.citizenId);
    let state: CourseState;
    try {
      state = applyCitizenEvent(stored?.state, type, data);
    } catch (error) {
      if (error instanceof CourseEventRejected) throw new NonRetryableError(error.message);
      throw error;
    }
    const now = this.clock.now();
    const today = localDateOf(now);
    const calculation = calculateCourse(state, today);
    // An input that contradicts the rules (e.g. a conversation held before the anchor) is refused whole.
    if (calculation.kind === 'invalid')
      throw new NonRetryableError(`${type} makes the course invalid: ${calculation.reason}`);
    await saveRecalculated(tx, [{ state, scheduleHash: stored?.scheduleHash ?? null, stateChanged: true }], today, now);
  }
}
