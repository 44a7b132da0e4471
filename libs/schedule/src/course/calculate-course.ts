import { tryCalculateContactCourse } from '@selvbook/rules';
import { CourseState, isActive, toProfile } from './course-state';
import { scheduleHash, SchedulePublication, toPublication } from './schedule-publication';

export type CourseCalculation =
  | { kind: 'calculated'; publication: SchedulePublication; hash: string }
  /** deregistered: no schedule while away; the clock is kept for a return [RULES §8.7] */
  | { kind: 'inactive' }
  | { kind: 'invalid'; reason: string };

/** Runs the rules engine for one course as of `today` (a Europe/Copenhagen local date). */
export function calculateCourse(state: CourseState, today: string): CourseCalculation {
  if (!isActive(state, today)) return { kind: 'inactive' };
  const result = tryCalculateContactCourse(toProfile(state), today);
  if (!result.ok) return { kind: 'invalid', reason: result.error.message };
  const publication = toPublication(state, result.course);
  return { kind: 'calculated', publication, hash: scheduleHash(publication) };
}
