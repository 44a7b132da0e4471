import { envelopeFor, ScheduleCalculatedEvent } from '@selvbook/contracts';
import { appendToOutbox, causedBy } from '@selvbook/messaging';
import { joinJsonTexts, jsonTextsOf, rowsOf } from '@selvbook/persistence';
import type { EntityManager } from 'typeorm';
import { calculateCourse } from './calculate-course';
import { CitizenCourse } from './citizen-course.entity';
import type { CourseState } from './course-state';

/**
 * The course store: citizens' courses (`citizen_course`) and the runs that recalculate them all
 * (`recalculation_run`, `recalculation_lane`), through the caller's transaction or the DataSource.
 */

/** The caller's transaction, or the DataSource for a statement that is its own transaction. */
type Queryable = Pick<EntityManager, 'query'>;

export const SCHEDULE_SOURCE = 'schedule-service';

/** A citizen's course as last stored, for the caller to read. */
export function findCourse(db: Pick<EntityManager, 'getRepository'>, citizenId: string): Promise<CitizenCourse | null> {
  return db.getRepository(CitizenCourse).findOneBy({ citizenId });
}

/** A citizen's course, locked until the caller's transaction ends, for an event to change it (null: none yet). */
export async function lockCourse(
  tx: Queryable,
  citizenId: string,
): Promise<{ state: CourseState; scheduleHash: string | null } | null> {
  const [row] = (await tx.query('SELECT state, schedule_hash FROM citizen_course WHERE citizen_id = $1 FOR UPDATE', [
    citizenId,
  ])) as { state: CourseState; schedule_hash: string | null }[];
  return row ? { state: row.state, scheduleHash: row.schedule_hash } : null;
}

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
export async function saveRecalculated(
  tx: EntityManager,
  courses: StoredCourse[],
  today: string,
  now: Date,
): Promise<SaveOutcome[]> {
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
        event: envelopeFor(
          ScheduleCalculatedEvent,
          { ...calculation.publication, calculatedAt: now.toISOString(), scheduleHash: calculation.hash },
          {
            subject: state.citizenId,
            source: SCHEDULE_SOURCE,
            occurredAt: now,
            ...causedBy(),
          },
        ),
      });
    }
    const row: CourseRow = {
      citizen_id: state.citizenId,
      schedule: calculation.kind === 'calculated' ? calculation.publication : null,
      schedule_hash: hash,
      calculation_error: calculation.kind === 'invalid' ? calculation.reason : null,
    };
    if (stateChanged)
      stateRows.push({ ...row, jobcenter_code: state.jobcenterCode, akasse_id: state.akasseId ?? null, state });
    else resultRows.push({ ...row, read_version: readVersion ?? null });
  }
  // One statement per batch, its JSON columns each as one joined text (see joinJsonTexts).
  if (stateRows.length) {
    await tx.query(
      `INSERT INTO citizen_course (citizen_id, jobcenter_code, akasse_id, state, schedule, schedule_hash,
           calculation_error, calculated_at, updated_at)
       SELECT u.citizen_id, u.jobcenter_code, u.akasse_id, u.state::jsonb, nullif(u.schedule, '')::jsonb,
         u.schedule_hash, u.calculation_error, $1, $1
       FROM unnest($2::uuid[], $3::text[], $4::text[], ${jsonTextsOf('$5')}, ${jsonTextsOf('$6')}, $7::text[],
         $8::text[])
            AS u(citizen_id, jobcenter_code, akasse_id, state, schedule, schedule_hash, calculation_error)
       ON CONFLICT (citizen_id) DO UPDATE SET
         jobcenter_code = excluded.jobcenter_code, akasse_id = excluded.akasse_id, state = excluded.state,
         schedule = excluded.schedule, schedule_hash = excluded.schedule_hash,
           calculation_error = excluded.calculation_error,
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
        `UPDATE citizen_course c SET schedule = nullif(u.schedule, '')::jsonb, schedule_hash = u.schedule_hash,
             calculation_error = u.calculation_error,
           calculated_at = $1, updated_at = $1
         FROM unnest($2::uuid[], ${jsonTextsOf('$3')}, $4::text[], $5::text[], $6::text[]) AS u(citizen_id, schedule,
           schedule_hash, calculation_error, read_version)
         WHERE c.citizen_id = u.citizen_id AND (u.read_version IS NULL OR c.xmin::text = u.read_version)
         RETURNING c.citizen_id`,
        [
          now,
          resultRows.map((r) => r.citizen_id),
          ...resultColumns(resultRows),
          resultRows.map((r) => r.read_version ?? null),
        ],
      ),
    );
    if (written.length < resultRows.length) {
      const kept = new Set(written.map((w) => w.citizen_id));
      stale = new Set(resultRows.filter((r) => !kept.has(r.citizen_id)).map((r) => r.citizen_id));
    }
  }
  await appendToOutbox(
    tx,
    events.filter((e) => !stale.has(e.citizenId)).map((e) => e.event),
  );
  return outcomes.map((outcome, i) =>
    stale.has(courses[i].state.citizenId) ? { ...outcome, published: false } : outcome,
  );
}

/** The result columns of a batch, in statement order: schedule (one joined JSON text), hash, error. */
function resultColumns(rows: CourseRow[]): [string, (string | null)[], (string | null)[]] {
  return [
    joinJsonTexts(rows.map((r) => r.schedule)),
    rows.map((r) => r.schedule_hash),
    rows.map((r) => r.calculation_error),
  ];
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

// Recalculation runs: one per (day, reason), split into lanes of the citizen-id space.

export interface LaneBounds {
  lane: number;
  /** the lane's first citizen id */
  lowerBound: string;
  /** the next lane's first citizen id (exclusive); null for the last lane */
  upperBound: string | null;
}

export interface RecalculationLane extends LaneBounds {
  /** the last citizen id recalculated in this lane (null: none yet) */
  cursor: string | null;
}

export interface LaneProgress {
  processed: number;
  published: number;
  failed: number;
}

export interface RunTotals extends LaneProgress {
  finished: boolean;
}

/**
 * Opens the run of (day, reason) with its lanes, or meets the one already open: concurrent starts meet the
 * same rows. Its id.
 */
export async function openRecalculationRun(
  q: Queryable,
  runDate: string,
  reason: string,
  lanes: LaneBounds[],
): Promise<string> {
  await q.query(
    'INSERT INTO recalculation_run (run_date, reason) VALUES ($1, $2) ON CONFLICT (run_date, reason) DO NOTHING',
    [runDate, reason],
  );
  const [{ id }] = await q.query('SELECT id FROM recalculation_run WHERE run_date = $1 AND reason = $2', [
    runDate,
    reason,
  ]);
  await q.query(
    `INSERT INTO recalculation_lane (run_id, lane, lower_bound, upper_bound)
     SELECT $1, l.lane, l.lower_bound, l.upper_bound
     FROM json_to_recordset($2::json) AS l(lane int, lower_bound uuid, upper_bound uuid)
     ON CONFLICT DO NOTHING`,
    [id, JSON.stringify(lanes.map((l) => ({ lane: l.lane, lower_bound: l.lowerBound, upper_bound: l.upperBound })))],
  );
  return id;
}

/**
 * An unfinished lane of the run that no other worker holds, locked until the caller's transaction ends
 * (SKIP LOCKED: workers here and in other replicas share the run's lanes). Null: none left.
 */
export async function takeUnfinishedLane(tx: Queryable, runId: string): Promise<RecalculationLane | null> {
  const [row] = (await tx.query(
    `SELECT lane, lower_bound, upper_bound, cursor FROM recalculation_lane
     WHERE run_id = $1 AND NOT finished ORDER BY lane LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [runId],
  )) as { lane: number; lower_bound: string; upper_bound: string | null; cursor: string | null }[];
  return row ? { lane: row.lane, lowerBound: row.lower_bound, upperBound: row.upper_bound, cursor: row.cursor } : null;
}

/**
 * The next courses of a lane after its cursor, in citizen-id order, read for a recalculation: without row
 * locks (a lock is a write per row, on a run that reads every row) but with each row's version, so that
 * saveRecalculated writes a result only where the row is still that version.
 */
export async function coursesAfterCursor(
  tx: Queryable,
  lane: RecalculationLane,
  limit: number,
): Promise<(StoredCourse & { citizenId: string })[]> {
  const rows = (await tx.query(
    `SELECT citizen_id, state, schedule_hash, xmin::text AS version FROM citizen_course
     WHERE citizen_id >= $1 AND ($2::uuid IS NULL OR citizen_id > $2) AND ($3::uuid IS NULL OR citizen_id < $3)
     ORDER BY citizen_id LIMIT $4`,
    [lane.lowerBound, lane.cursor, lane.upperBound, limit],
  )) as { citizen_id: string; state: CourseState; schedule_hash: string | null; version: string }[];
  return rows.map((r) => ({
    citizenId: r.citizen_id,
    state: r.state,
    scheduleHash: r.schedule_hash,
    stateChanged: false,
    readVersion: r.version,
  }));
}

/**
 * Records a batch of a lane in the caller's transaction, with the batch's effects: the cursor moves to the
 * batch's last citizen (stays with none), and the lane's counters grow by the batch's.
 */
export async function recordLaneBatch(
  tx: Queryable,
  runId: string,
  lane: number,
  batch: { lastCitizenId: string | null; finished: boolean; progress: LaneProgress },
): Promise<void> {
  const { processed, published, failed } = batch.progress;
  await tx.query(
    `UPDATE recalculation_lane SET cursor = coalesce($3, cursor), finished = $4,
       processed = processed + $5, published = published + $6, failed = failed + $7
     WHERE run_id = $1 AND lane = $2`,
    [runId, lane, batch.lastCitizenId, batch.finished, processed, published, failed],
  );
}

/**
 * The run's totals; once every lane is finished, they are summed into the run and it is marked finished
 * (kept as first finished when it already was).
 */
export async function closeRecalculationRun(q: Queryable, runId: string): Promise<RunTotals> {
  await q.query(
    `UPDATE recalculation_run r SET processed = l.processed, published = l.published, failed = l.failed,
       finished_at = coalesce(r.finished_at, now())
     FROM (SELECT sum(processed)::int AS processed, sum(published)::int AS published, sum(failed)::int AS failed
           FROM recalculation_lane WHERE run_id = $1 HAVING bool_and(finished)) l
     WHERE r.id = $1`,
    [runId],
  );
  const [totals] = (await q.query(
    'SELECT processed, published, failed, finished_at IS NOT NULL AS finished FROM recalculation_run WHERE id = $1',
    [runId],
  )) as RunTotals[];
  return totals;
}
