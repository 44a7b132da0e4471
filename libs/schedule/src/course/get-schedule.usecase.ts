import { Injectable, NotFoundException } from '@nestjs/common';
import { assertSelfOrStaff, Principal } from '@selvbook/platform';
import { ForbiddenException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CitizenCourse } from './citizen-course.entity';
import { findCourse } from './course-store';

export interface ScheduleView {
  citizenId: string;
  jobcenterCode: string;
  akasseId: string | null;
  calculatedAt: Date | null;
  schedule: CitizenCourse['schedule'];
  registered: boolean;
}

/** A citizen's last calculated schedule, for the citizen, their jobcenter, their a-kasse or a system. */
@Injectable()
export class GetScheduleUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(citizenId: string, principal: Principal): Promise<ScheduleView> {
    assertSelfOrStaff(principal, citizenId);
    const course = await findCourse(this.dataSource, citizenId);
    if (!course) throw new NotFoundException(`no contact course for citizen ${citizenId}`);
    if (principal.role === 'caseworker' && principal.jobcenterCode !== course.jobcenterCode) {
      throw new ForbiddenException('a caseworker may only see citizens of their own jobcenter');
    }
    if (principal.role === 'akasse' && principal.akasseId !== course.akasseId) {
      throw new ForbiddenException('an a-kasse may only see its own members');
    }
    return {
      citizenId,
      jobcenterCode: course.jobcenterCode,
      akasseId: course.akasseId,
      calculatedAt: course.calculatedAt,
      schedule: course.schedule,
      registered: course.state.deregisteredFrom === undefined,
    };
  }
}
