import { envelopeFor, ScheduleCalculatedEvent } from '@selvbook/contracts';
import { appendToOutbox, causedBy } from '@selvbook/messaging';
import type { EntityManager } from 'typeorm';
import { calculateCourse } from './calculate-course';
import type { CourseState } from './course-state';

export const SCHEDULE_SOURCE = 'schedule-service';

export interface StoredCourse {
  state: CourseState;
  scheduleHash: string | null;
  /** false for a plain recalculation: the row is rewritten only if its result changed */
  stateChanged: boolean;
}

export interface SaveOutcome {
  published: boolean;
  failed: boolean;
}

/**
 * Saves courses after recalculating them, in the caller's transaction, and writes `schedule.calculated`
 * through the outbox only for those whose result changed. One multi-row statement per call, so the
 * nightly run writes a batch of citizens in a few round trips.
 */
export async function saveRecalculated(tx: EntityManager, courses: StoredCourse[], today: string, now: Date): Promise<SaveOutcome[]> {
  const outcomes: SaveOutcome[] = [];
  const rows: unknown[][] = [];
  const events = [];
  for (const { state, scheduleHash, stateChanged } of courses) {
    const calculation = calculateCourse(state, today);
    const hash = calculation.kind === 'calculated' ? calculation.hash : null;
    const changed = calculation.kind === 'calculated' && calculation.hash !== scheduleHash;
    outcomes.push({ published: changed, failed: calculation.kind === 'invalid' });
    if (!stateChanged && hash === scheduleHash) continue;
    if (calculation.kind === 'calculated' && changed) {
      events.push(
        // appendToOutbox validates it against the contract, once.
        envelopeFor(ScheduleCalculatedEvent, { ...calculation.publication, calculatedAt: now.toISOString(), scheduleHash: calculation.hash }, {
          subject: state.citizenId,
          source: SCHEDULE_SOURCE,
          occurredAt: now,
          ...causedBy(),
        }),
      );
    }
    rows.push([
      state.citizenId,
      state.jobcenterCode,
      state.akasseId ?? null,
      JSON.stringify(state),
      calculation.kind === 'calculated' ? JSON.stringify(calculation.publication) : null,
      hash,
      calculation.kind === 'invalid' ? calculation.reason : null,
    ]);
  }
  if (rows.length === 0) return outcomes;
  const column = (i: number) => rows.map((r) => r[i]);
  await tx.query(
    `INSERT INTO citizen_course (citizen_id, jobcenter_code, akasse_id, state, schedule, schedule_hash, calculation_error, calculated_at, updated_at)
     SELECT u.id, u.jc, u.ak, u.st, u.sc, u.h, u.err, $8, $8
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[], $6::text[], $7::text[]) AS u(id, jc, ak, st, sc, h, err)
     ON CONFLICT (citizen_id) DO UPDATE SET
       jobcenter_code = excluded.jobcenter_code, akasse_id = excluded.akasse_id, state = excluded.state,
       schedule = excluded.schedule, schedule_hash = excluded.schedule_hash, calculation_error = excluded.calculation_error,
       calculated_at = excluded.calculated_at, updated_at = excluded.updated_at`,
    [column(0), column(1), column(2), column(3), column(4), column(5), column(6), now],
  );
  await appendToOutbox(tx, events);
  return outcomes;
}
