import { envelopeFor, ScheduleCalculatedEvent } from '@selvbook/contracts';
import { appendToOutbox, causedBy } from '@selvbook/messaging';
import { joinJsonTexts, jsonTextsOf, rowsOf } from '@selvbook/persistence';
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
  // One statement per batch, its JSON columns each as one joined text (see joinJsonTexts).
  if (stateRows.length) {
    await tx.query(
      `INSERT INTO citizen_course (citizen_id, jobcenter_code, akasse_id, state, schedule, schedule_hash, calculation_error, calculated_at, updated_at)
       SELECT u.citizen_id, u.jobcenter_code, u.akasse_id, u.state::jsonb, nullif(u.schedule, '')::jsonb, u.schedule_hash, u.calculation_error, $1, $1
       FROM unnest($2::uuid[], $3::text[], $4::text[], ${jsonTextsOf('$5')}, ${jsonTextsOf('$6')}, $7::text[], $8::text[])
            AS u(citizen_id, jobcenter_code, akasse_id, state, schedule, schedule_hash, calculation_error)
       ON CONFLICT (citizen_id) DO UPDATE SET
         jobcenter_code = excluded.jobcenter_code, akasse_id = excluded.akasse_id, state = excluded.state,
         schedule = excluded.schedule, schedule_hash = excluded.schedule_hash, calculation_error = excluded.calculation_error,
         calculated_at = excluded.calculated_at, updated_at = excluded.updated_at`,
      [
        now,
        stateRows.map((r) => r.citizen_id),
        stateRows.map((r) => r.jobcenter_code),
        stateRows.map((r) => r.akasse_id),
        joinJsonTexts(stateRows.map((r) => r.state)),
        ...resultColumns(stateRows),
      ],
    );
  }
  // A recalculation leaves the state as it was: only the result columns are rewritten, and only where the
  // row is still the version it was read at (when read without a lock).
  let stale = new Set<string>();
  if (resultRows.length) {
    const written = rowsOf<{ citizen_id: string }>(
      await tx.query(
        `UPDATE citizen_course c SET schedule = nullif(u.schedule, '')::jsonb, schedule_hash = u.schedule_hash, calculation_error = u.calculation_error,
           calculated_at = $1, updated_at = $1
         FROM unnest($2::uuid[], ${jsonTextsOf('$3')}, $4::text[], $5::text[], $6::text[]) AS u(citizen_id, schedule, schedule_hash, calculation_error, read_version)
         WHERE c.citizen_id = u.citizen_id AND (u.read_version IS NULL OR c.xmin::text = u.read_version)
         RETURNING c.citizen_id`,
        [now, resultRows.map((r) => r.citizen_id), ...resultColumns(resultRows), resultRows.map((r) => r.read_version ?? null)],
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

/** The result columns of a batch, in statement order: schedule (one joined JSON text), hash, error. */
function resultColumns(rows: CourseRow[]): [string, (string | null)[], (string | null)[]] {
  return [joinJsonTexts(rows.map((r) => r.schedule)), rows.map((r) => r.schedule_hash), rows.map((r) => r.calculation_error)];
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
