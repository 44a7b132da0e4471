import { localDateOf } from '@selvbook/calendar';
import { Clock } from '@selvbook/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  closeRecalculationRun,
  coursesAfterCursor,
  LaneBounds,
  LaneProgress,
  openRecalculationRun,
  RecalculationLane,
  recordLaneBatch,
  saveRecalculated,
  takeUnfinishedLane,
} from '../course/course-store';

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

export type RecalculationProgress = LaneProgress;

const BATCH_SIZE = 1000;
const WORKERS = 4;
/** Ranges of the citizen-id space; more lanes than workers lets other replicas join a running run. */
const LANES = 16;

/** Lane i covers citizen ids from the i-th sixteenth of the uuid space (first hex digit i). */
function laneBounds(lane: number): LaneBounds {
  const bound = (i: number) => `${i.toString(16)}0000000-0000-0000-0000-000000000000`;
  return { lane, lowerBound: bound(lane), upperBound: lane + 1 < LANES ? bound(lane + 1) : null };
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
    const lanes = Array.from({ length: LANES }, (_, lane) => laneBounds(lane));
    const runId = await openRecalculationRun(this.dataSource, runDate, reason, lanes);
    const batchSize = options.batchSize ?? BATCH_SIZE;
    await Promise.all(
      Array.from({ length: options.workers ?? WORKERS }, () => this.work(runId, runDate, batchSize, options.onBatch)),
    );
    return { runDate, reason, ...(await closeRecalculationRun(this.dataSource, runId)) };
  }

  /** Takes an unlocked unfinished lane, recalculates one batch of it, commits; until no lane is left. */
  private async work(
    runId: string,
    runDate: string,
    batchSize: number,
    onBatch?: (batch: RecalculationProgress) => void,
  ): Promise<void> {
    for (;;) {
      let done: RecalculationProgress | undefined;
      const more = await this.dataSource.transaction(async (tx) => {
        const lane = await takeUnfinishedLane(tx, runId);
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
    lane: RecalculationLane,
    batchSize: number,
  ): Promise<RecalculationProgress> {
    const courses = await coursesAfterCursor(tx, lane, batchSize);
    const outcomes = courses.length ? await saveRecalculated(tx, courses, runDate, this.clock.now()) : [];
    const progress = {
      processed: courses.length,
      published: outcomes.filter((o) => o.published).length,
      failed: outcomes.filter((o) => o.failed).length,
    };
    await recordLaneBatch(tx, runId, lane.lane, {
      lastCitizenId: courses.length ? courses[courses.length - 1].citizenId : null,
      finished: courses.length < batchSize,
      progress,
    });
    return progress;
  }
}
