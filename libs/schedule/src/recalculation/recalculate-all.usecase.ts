import { localDateOf } from '@selvbook/calendar';
import { Clock } from '@selvbook/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { saveRecalculated } from '../course/course-store';
import type { CourseState } from '../course/course-state';

export interface RecalculationSummary {
  runDate: string;
  reason: string;
  processed: number;
  published: number;
  failed: number;
  finished: boolean;
}

export interface RecalculationOptions {
  batchSize?: number;
  /** concurrent batch loops in this process: one computes while another's batch is written */
  workers?: number;
  /** After each batch of this process commits: the courses it recalculated, published and failed (progress). */
  onBatch?: (batch: RecalculationProgress) => void;
}

export interface RecalculationProgress {
  processed: number;
  published: number;
  failed: number;
}

const BATCH_SIZE = 1000;
const WORKERS = 4;
/** Ranges of the citizen-id space; more lanes than workers lets other replicas join a running run. */
const LANES = 16;

/** Lane i covers citizen ids from the i-th sixteenth of the uuid space (first hex digit i). */
function laneBounds(lane: number): [string, string | null] {
  const bound = (i: number) => `${i.toString(16)}0000000-0000-0000-0000-000000000000`;
  return [bound(lane), lane + 1 < LANES ? bound(lane + 1) : null];
}

/**
 * Full recalculation (nightly, and on a regime's first day): every course as of today, publishing only
 * changed schedules. Resumable: each batch commits its lane's cursor with its effects, so a crash or a
 * restart continues where it stopped. Workers (here and in other replicas) take lanes with SKIP LOCKED,
 * so the same run is shared, never repeated, and one (day, reason) is one run.
 */
@Injectable()
export class RecalculateAllUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute(reason: string, options: RecalculationOptions = {}): Promise<RecalculationSummary> {
    const runDate = localDateOf(this.clock.now());
    const runId = await this.openRun(runDate, reason);
    const batchSize = options.batchSize ?? BATCH_SIZE;
    await Promise.all(Array.from({ length: options.workers ?? WORKERS }, () => this.work(runId, runDate, batchSize, options.onBatch)));
    await this.dataSource.query(
      `UPDATE recalculation_run r SET processed = l.processed, published = l.published, failed = l.failed,
         finished_at = coalesce(r.finished_at, now())
       FROM (SELECT sum(processed)::int AS processed, sum(published)::int AS published, sum(failed)::int AS failed
             FROM recalculation_lane WHERE run_id = $1 HAVING bool_and(finished)) l
       WHERE r.id = $1`,
      [runId],
    );
    const [summary] = await this.dataSource.query(
      'SELECT processed, published, failed, finished_at IS NOT NULL AS finished FROM recalculation_run WHERE id = $1',
      [runId],
    );
    return { runDate, reason, ...summary };
  }

  /** One run per (day, reason), with its lanes; concurrent starts meet the same rows. */
  private async openRun(runDate: string, reason: string): Promise<string> {
    await this.dataSource.query(
      'INSERT INTO recalculation_run (run_date, reason) VALUES ($1, $2) ON CONFLICT (run_date, reason) DO NOTHING',
      [runDate, reason],
    );
    const [{ id }] = await this.dataSource.query('SELECT id FROM recalculation_run WHERE run_date = $1 AND reason = $2', [runDate, reason]);
    const lanes = Array.from({ length: LANES }, (_, lane) => [lane, ...laneBounds(lane)]);
    await this.dataSource.query(
      `INSERT INTO recalculation_lane (run_id, lane, lower_bound, upper_bound)
       SELECT $1, l.lane, l.lower_bound, l.upper_bound FROM json_to_recordset($2::json) AS l(lane int, lower_bound uuid, upper_bound uuid)
       ON CONFLICT DO NOTHING`,
      [id, JSON.stringify(lanes.map(([lane, lower_bound, upper_bound]) => ({ lane, lower_bound, upper_bound })))],
    );
    return id;
  }

  /** Takes an unlocked unfinished lane, recalculates one batch of it, commits; until no lane is left. */
  private async work(runId: string, runDate: string, batchSize: number, onBatch?: (batch: RecalculationProgress) => void): Promise<void> {
    for (;;) {
      let done: RecalculationProgress | undefined;
      const more = await this.dataSource.transaction(async (tx) => {
        const [lane] = await tx.query(
          `SELECT lane, lower_bound, upper_bound, cursor FROM recalculation_lane
           WHERE run_id = $1 AND NOT finished ORDER BY lane LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [runId],
        );
        if (!lane) return false;
        done = await this.recalculateBatch(tx, runId, runDate, lane, batchSize);
        return true;
      });
      if (!more) return;
      if (done) onBatch?.(done);
    }
  }

  private async recalculateBatch(
    tx: EntityManager,
    runId: string,
    runDate: string,
    lane: { lane: number; lower_bound: string; upper_bound: string | null; cursor: string | null },
    batchSize: number,
  ): Promise<RecalculationProgress> {
    // No row locks (a lock is a write per row, on a run that reads every row): each row's version is read and the result is
    // written only if the row is still that version (see saveRecalculated).
    const rows: { citizen_id: string; state: CourseState; schedule_hash: string | null; version: string }[] = await tx.query(
      `SELECT citizen_id, state, schedule_hash, xmin::text AS version FROM citizen_course
       WHERE citizen_id >= $1 AND ($2::uuid IS NULL OR citizen_id > $2) AND ($3::uuid IS NULL OR citizen_id < $3)
       ORDER BY citizen_id LIMIT $4`,
      [lane.lower_bound, lane.cursor, lane.upper_bound, batchSize],
    );
    const outcomes = rows.length
      ? await saveRecalculated(tx, rows.map((r) => ({ state: r.state, scheduleHash: r.schedule_hash, stateChanged: false, readVersion: r.version })), runDate, this.clock.now())
      : [];
    const progress = { processed: rows.length, published: outcomes.filter((o) => o.published).length, failed: outcomes.filter((o) => o.failed).length };
    await tx.query(
      `UPDATE recalculation_lane SET cursor = coalesce($3, cursor), finished = $4,
         processed = processed + $5, published = published + $6, failed = failed + $7
       WHERE run_id = $1 AND lane = $2`,
      [runId, lane.lane, rows.length ? rows[rows.length - 1].citizen_id : null, rows.length < batchSize, progress.processed, progress.published, progress.failed],
    );
    return progress;
  }
}
