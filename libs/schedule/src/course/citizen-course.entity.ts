import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CourseState } from './course-state';
import type { SchedulePublication } from './schedule-publication';

/** One citizen's contact course: its inputs and the last published calculation. */
@Entity({ name: 'citizen_course' })
export class CitizenCourse {
  @PrimaryColumn('uuid')
  citizenId: string;

  @Column('text')
  jobcenterCode: string;

  @Column('text', { nullable: true })
  akasseId: string | null;

  @Column('jsonb')
  state: CourseState;

  @Column('jsonb', { nullable: true })
  schedule: SchedulePublication | null;

  @Column('text', { nullable: true })
  scheduleHash: string | null;

  @Column('timestamptz', { nullable: true })
  calculatedAt: Date | null;

  /** Why the last calculation failed, if it did (e.g. an input contradicting the rules). */
  @Column('text', { nullable: true })
  calculationError: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
