import { localDateOf } from '@selvbook/calendar';
import { Clock } from '@selvbook/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

const BATCH_SIZE = 1000;

/**
 * Full recalculation (nightly, and on a regime's first day): every course as of today, publishing only
 * changed schedules. Resumable: each batch commits the run's cursor with its effects, so a crash or a
 * restart continues where it stopped; a replica that starts the same run joins it batch by batch
 * (the run row is locked per batch) instead of repeating it.
 */
@Injectable()
export class RecalculateAllUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async execute(reason: string, batchSize = BATCH_SIZE): Promise<RecalculationSummary> {
    const runDate = localDateOf(this.clock.now());
    await this.dataSource.query(
      'INSERT INTO recalculation_run (run_date, reason) VALUES ($1, $2) ON CONFLICT (run_date, reason) DO NOTHING',
      [runDate, reason],
    );
    for (;;) {
      const done = await this.dataSource.transaction(async (tx) => {
        const [run] = await tx.query(
          'SELECT id, cursor, finished_at FROM recalculation_run WHERE run_date = $1 AND reason = $2 FOR UPDATE',
          [runDate, reason],
        );
        if (run.finished_at) return true;
        const rows: { citizen_id: string; state: CourseState; schedule_hash: string | null }[] = await tx.query(
          `SELECT citizen_id, state, schedule_hash FROM citizen_course
           WHERE ($1::uuid IS NULL OR citizen_id > $1) ORDER BY citizen_id LIMIT $2 FOR UPDATE`,
          [run.cursor, batchSize],
        );
        if (rows.length === 0) {
          await tx.query('UPDATE recalculation_run SET finished_at = now() WHERE id = $1', [run.id]);
          return true;
        }
        const now = this.clock.now();
        const outcomes = await saveRecalculated(tx, rows.map((r) => ({ state: r.state, scheduleHash: r.schedule_hash, stateChanged: false })), runDate, now);
        await tx.query(
          `UPDATE recalculation_run SET cursor = $2, processed = processed + $3, published = published + $4, failed = failed + $5 WHERE id = $1`,
          [run.id, rows[rows.length - 1].citizen_id, rows.length, outcomes.filter((o) => o.published).length, outcomes.filter((o) => o.failed).length],
        );
        return false;
      });
      if (done) break;
    }
    const [summary] = await this.dataSource.query(
      'SELECT processed, published, failed, finished_at IS NOT NULL AS finished FROM recalculation_run WHERE run_date = $1 AND reason = $2',
      [runDate, reason],
    );
    return { runDate, reason, ...summary };
  }
}
