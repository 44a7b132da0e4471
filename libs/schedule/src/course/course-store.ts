import { envelopeFor, ScheduleCalculatedEvent } from '@selvbook/contracts';
import { appendToOutbox, causedBy } from '@selvbook/messaging';
import { rowsOf } from '@selvbook/persistence';
import type { EntityManager } from 'typeorm';
import { calculateCourse } from './calculate-course';
import type { CourseState } from './course-state';

export const SCHEDULE_SOURCE = 'schedule-service';

export interface StoredCourse {
  state: CourseState;
  scheduleHash: string | null;
  /** false for a plain recalculation: the row is rewritten only if its result changed */
  stateChanged: boolean;
  /**
   * For a recalculation read without a row lock: the row version read (its `xmin`). The result is written
   * only if the row is still that version; if a citizen event changed it meanwhile, that event's own
   * recalculation (newer state) stands, and this one writes and publishes nothing for the citizen.
   */
  readVersion?: string;
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
  const stateRows: CourseRow[] = [];
  const resultRows: CourseRow[] = [];
  const events: { citizenId: string; event: ReturnType<typeof envelopeFor> }[] = [];
  for (const { state, scheduleHash, stateChanged, readVersion } of courses) {
    const calculation = calculateCourse(state, today);
    const hash = calculation.kind === 'calculated' ? calculation.hash : null;
    const changed = calculation.kind === 'calculated' && calculation.hash !== scheduleHash;
    outcomes.push({ published: changed, failed: calculation.kind === 'invalid' });
    if (!stateChanged && hash === scheduleHash) continue;
    if (calculation.kind === 'calculated' && changed) {
      events.push({
        citizenId: state.citizenId,
        // appendToOutbox validates it against the contract, once.
        event: envelopeFor(ScheduleCalculatedEvent, { ...calculation.publication, calculatedAt: now.toISOString(), scheduleHash: calculation.hash }, {
          subject: state.citizenId,
          source: SCHEDULE_SOURCE,
          occurredAt: now,
          ...causedBy(),
        }),
      });
    }
    const row: CourseRow = {
      citizen_id: state.citizenId,
      schedule: calculation.kind === 'calculated' ? calculation.publication : null,
      schedule_hash: hash,
      calculation_error: calculation.kind === 'invalid' ? calculation.reason : null,
    };
    if (stateChanged) stateRows.push({ ...row, jobcenter_code: state.jobcenterCode, akasse_id: state.akasseId ?? null, state });
    else resultRows.push({ ...row, read_version: readVersion ?? null });
  }
  // One JSON parameter per statement: PostgreSQL parses the batch once, no per-row escaping here.
  if (stateRows.length) {
    await tx.query(
      `INSERT INTO citizen_course (citizen_id, jobcenter_code, akasse_id, state, schedule, schedule_hash, calculation_error, calculated_at, updated_at)
       SELECT u.citizen_id, u.jobcenter_code, u.akasse_id, u.state, u.schedule, u.schedule_hash, u.calculation_error, $2, $2
       FROM json_to_recordset($1::json) AS u(citizen_id uuid, jobcenter_code text, akasse_id text, state jsonb, schedule jsonb, schedule_hash text, calculation_error text)
       ON CONFLICT (citizen_id) DO UPDATE SET
         jobcenter_code = excluded.jobcenter_code, akasse_id = excluded.akasse_id, state = excluded.state,
         schedule = excluded.schedule, schedule_hash = excluded.schedule_hash, calculation_error = excluded.calculation_error,
         calculated_at = excluded.calculated_at, updated_at = excluded.updated_at`,
      [JSON.stringify(stateRows), now],
    );
  }
  // A recalculation leaves the state as it was: only the result columns are rewritten, and only where the
  // row is still the version it was read at (when read without a lock).
  let stale = new Set<string>();
  if (resultRows.length) {
    const written = rowsOf<{ citizen_id: string }>(
      await tx.query(
        `UPDATE citizen_course c SET schedule = u.schedule, schedule_hash = u.schedule_hash, calculation_error = u.calculation_error,
           calculated_at = $2, updated_at = $2
         FROM json_to_recordset($1::json) AS u(citizen_id uuid, schedule jsonb, schedule_hash text, calculation_error text, read_version text)
         WHERE c.citizen_id = u.citizen_id AND (u.read_version IS NULL OR c.xmin::text = u.read_version)
         RETURNING c.citizen_id`,
        [JSON.stringify(resultRows), now],
      ),
    );
    if (written.length < resultRows.length) {
      const kept = new Set(written.map((w) => w.citizen_id));
      stale = new Set(resultRows.filter((r) => !kept.has(r.citizen_id)).map((r) => r.citizen_id));
    }
  }
  await appendToOutbox(tx, events.filter((e) => !stale.has(e.citizenId)).map((e) => e.event));
  return outcomes.map((outcome, i) => (stale.has(courses[i].state.citizenId) ? { ...outcome, published: false } : outcome));
}

interface CourseRow {
  citizen_id: string;
  schedule: object | null;
  schedule_hash: string | null;
  calculation_error: string | null;
  jobcenter_code?: string;
  akasse_id?: string | null;
  read_version?: string | null;
  state?: CourseState;
}
