import { randomUUID } from 'node:crypto';
import { localDateOf } from '@selvbook/calendar';
import { Clock, DomainProblem } from '@selvbook/platform';
import { calculateContactCourse, ContactCourse, isInvalidCitizenProfileError } from '@selvbook/rules';
import { Injectable } from '@nestjs/common';
import type { SchedulePreviewRequest } from './citizen-profile.dto';

/** Stateless: the rules engine on a profile from the request; nothing is stored or published. */
@Injectable()
export class PreviewScheduleUseCase {
  constructor(private readonly clock: Clock) {}

  execute(request: SchedulePreviewRequest): ContactCourse {
    const { asOf, ...profile } = request;
    try {
      return calculateContactCourse(
        { ...profile, citizenId: profile.citizenId ?? randomUUID() },
        asOf ?? localDateOf(this.clock.now()),
      );
    } catch (error) {
      if (isInvalidCitizenProfileError(error)) throw new DomainProblem(400, error.message, 'invalid-citizen-profile');
      throw error;
    }
  }
}
