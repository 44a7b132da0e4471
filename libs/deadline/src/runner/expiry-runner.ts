/**
 * The durable timer: deadlines whose `due_at` has passed are claimed in batches with FOR UPDATE SKIP LOCKED,
 * settled (expired with their consequence, or closed) and their events written to the outbox in the same
 * transaction. Guarantees:
 * - exactly once: a row leaves the timer (due_at = NULL, status changes) in the transaction that writes its
 *   events; a second runner (another replica, or another worker here) skips locked rows and re-checks
 *   `due_at <= now` on the rows it gets, so it can never settle one twice;
 * - nothing missed: the timer is a column, not a scheduled job; after a restart or a late run everything with
 *   `due_at <= now` is still there and is caught up, oldest first;
 * - DST-safe: due_at is an instant (the end of the local day in Europe/Copenhagen), compared with an instant.
 * The citizen rows a batch updates are locked with SKIP LOCKED as well: a runner never waits for a lock, so
 * it can never deadlock with a consumer; a deadline whose citizen is busy stays due for the next pass.
 */
import { compareLocalDates, startOfLocalDay } from '@selvbook/calendar';
import {
  DeadlineClosedReason,
  DeregistrationReason,
  EventEnvelope,
  ImmediateBookingClearedReason,
  SummonsReason,
} from '@selvbook/contracts';
import { appendToOutbox } from '@selvbook/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { expiryOutcome } from '../domain/lifecycle';
import { DeadlinePolicy } from '../domain/policy';
import { buildForOutbox as build, Events, orgOf } from '../events';
import {
  CitizenAfterExpiry,
  CitizenRow,
  claimLapsedImmediateBookings,
  clearImmediateBookings,
  exemptionsOf,
  existingCitizenIds,
  lockCitizensUnlessBusy,
  updateCitizensAfterExpiry,
} from '../persistence/citizen-store';
import {
  claimDueDeadlines,
  DeadlineRow,
  freeSlotsWhileOpen,
  recordSummonses,
  SettledDeadline,
  settleDeadlines,
} from '../persistence/store';

export interface ExpiryRunnerOptions {
  dataSource: DataSource;
  policy: DeadlinePolicy;
  /** The service's Clock. */
  now: () => Date;
  batchSize?: number;
  /** Batches settled at once by this process (each its own transaction and connection). */
  concurrency?: number;
  /** Events written per outbox INSERT (PostgreSQL allows 65,535 parameters per statement). */
  outboxChunk?: number;
  onError?: (error: unknown) => void;
  /** Called after every run (metrics, logs). */
  /** A run finished: what it settled and how long it took (seconds). */
  onRun?: (result: ExpiryRunResult, durationSeconds: number) => void;
}

export interface ExpiryRunResult {
  asOf: string;
  expired: number;
  closed: number;
  lapsed: number;
  events: number;
  /** due rows left for the next pass because their citizen was busy */
  deferred: number;
}

export class ExpiryRunner {
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly outboxChunk: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;

  constructor(private readonly options: ExpiryRunnerOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.concurrency = options.concurrency ?? 1;
    this.outboxChunk = options.outboxChunk ?? 1500;
  }

  /** Runs every intervalMs (the first run at once, catching up whatever came due while the service was down). */
  start(intervalMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      await this.runOnce().catch((error) => this.options.onError?.(error));
      if (!this.stopped) this.timer = setTimeout(() => void (this.running = tick()), intervalMs);
    };
    this.running = tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Settles everything due at the clock's now: deadlines first, then lapsed immediate-booking flags. */
  async runOnce(): Promise<ExpiryRunResult> {
    const asOf = this.options.now();
    const started = performance.now();
    const result: ExpiryRunResult = {
      asOf: asOf.toISOString(),
      expired: 0,
      closed: 0,
      lapsed: 0,
      events: 0,
      deferred: 0,
    };
    await Promise.all(Array.from({ length: this.concurrency }, () => this.drain(asOf, result)));
    for (;;) {
      const n = await this.options.dataSource.transaction((tx) => this.lapseBatch(tx, asOf, result));
      if (n === 0) break;
    }
    this.options.onRun?.(result, (performance.now() - started) / 1000);
    return result;
  }

  private async drain(asOf: Date, result: ExpiryRunResult): Promise<void> {
    let idle = 0;
    for (;;) {
      const { claimed, settled } = await this.options.dataSource.transaction((tx) =>
        this.settleBatch(tx, asOf, result),
      );
      if (claimed === 0) return;
      if (settled > 0) {
        idle = 0;
        continue;
      }
      // Every claimed row's citizen was busy (a consumer is working on them): try again shortly, then leave them.
      if (++idle > 20) {
        result.deferred += claimed;
        return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** One batch in one transaction. Returns how many rows were claimed and how many settled. */
  private async settleBatch(
    tx: EntityManager,
    asOf: Date,
    result: ExpiryRunResult,
  ): Promise<{ claimed: number; settled: number }> {
    const rows = await claimDueDeadlines(tx, asOf, this.batchSize);
    if (rows.length === 0) return { claimed: 0, settled: 0 };
    const citizenIds = [...new Set(rows.map((r) => r.citizenId))];
    const locked = await lockCitizensUnlessBusy(tx, citizenIds);
    const citizens = new Map(locked.map((c) => [c.citizenId, c]));
    if (citizens.size < citizenIds.length) {
      // Missing is not the same as busy: a citizen row that does not exist cannot be locked by anyone.
      const exists = new Set(await existingCitizenIds(tx, citizenIds));
      for (const id of citizenIds)
        if (!exists.has(id)) citizens.set(id, orphanCitizen(rows.find((r) => r.citizenId === id)!));
    }
    const exemptions = await exemptionsOf(tx, [...citizens.keys()]);
    const freeSlots = await freeSlotsWhileOpen(
      tx,
      rows.filter((r) => r.status === 'open').map((r) => r.id),
      this.options.policy.noFreeSlotsTrackingLeadDays,
    );
    const summonses: DeadlineRow[] = [];
    const settled: SettledDeadline[] = [];
    const events: EventEnvelope[] = [];
    const touched = new Set<string>();
    for (const d of rows) {
      const citizen = citizens.get(d.citizenId);
      if (!citizen) continue; // busy: stays due
      const org = orgOf({
        citizenId: d.citizenId,
        jobcenterCode: citizen.jobcenterCode ?? d.jobcenterCode,
        akasseId: citizen.akasseId,
      });
      if (d.status === 'fulfilled') {
        // RULES §5, §8.6: the meeting date is reached → closed; no immediate booking.
        settled.push({
          id: d.id,
          status: 'closed',
          reason: DeadlineClosedReason.MEETING_DATE_REACHED,
          absenceCode: null,
          consequence: null,
        });
        events.push(
          build(Events.closed, { ...org, deadlineId: d.id, reason: DeadlineClosedReason.MEETING_DATE_REACHED }, asOf),
        );
        result.closed++;
        continue;
      }
      const outcome = expiryOutcome(
        {
          deadlineDate: d.deadlineDate,
          contactGroup: d.contactGroup,
          citizen,
          exemptions: exemptions.get(d.citizenId) ?? [],
          freeSlots: freeSlots.get(d.id),
        },
        this.options.policy,
      );
      if (outcome.kind === 'close') {
        settled.push({
          id: d.id,
          status: 'closed',
          reason: outcome.reason,
          absenceCode: outcome.absenceCode ?? null,
          consequence: null,
        });
        events.push(
          build(
            Events.closed,
            {
              ...org,
              deadlineId: d.id,
              reason: outcome.reason,
              ...(outcome.absenceCode !== undefined ? { absenceCode: outcome.absenceCode } : {}),
            },
            asOf,
          ),
        );
        if (outcome.summons) {
          // No free slots [F:S6]: the jobcenter is told, and summons (or gives a new deadline) instead of sanctioning.
          summonses.push(d);
          events.push(
            build(
              Events.summons,
              {
                ...org,
                reason: outcome.summons,
                conversationType: d.conversationType,
                conversationNumber: d.conversationNumber,
                deadlineId: d.id,
                latestMeetingDate: d.latestMeetingDate,
              },
              asOf,
            ),
          );
        }
        result.closed++;
        continue;
      }
      settled.push({ id: d.id, status: 'expired', reason: null, absenceCode: null, consequence: outcome.consequence });
      result.expired++;
      events.push(
        build(
          Events.expired,
          {
            ...org,
            deadlineId: d.id,
            contactGroup: outcome.contactGroup,
            conversationType: d.conversationType,
            deadlineDate: d.deadlineDate,
            consequence: outcome.consequence,
            ...(outcome.deregisteredFrom ? { deregisteredFrom: outcome.deregisteredFrom } : {}),
            extendedByOutage: d.extendedByOutage,
          },
          asOf,
        ),
      );
      if (outcome.akasseId && outcome.deregisteredFrom) {
        // RULES §5: dagpenge → that citizen's own a-kasse (routed by its akasseId), and nobody else's.
        const member = { citizenId: d.citizenId, akasseId: outcome.akasseId, jobcenterCode: org.jobcenterCode };
        events.push(
          build(
            Events.akasseMissed,
            {
              ...member,
              deadlineId: d.id,
              conversationType: d.conversationType,
              deadlineDate: d.deadlineDate,
              consequence: outcome.consequence,
              deregisteredFrom: outcome.deregisteredFrom,
            },
            asOf,
          ),
          build(
            Events.akasseDeregistered,
            {
              ...member,
              reason: DeregistrationReason.SELF_BOOKING_DEADLINE_MISSED,
              deregisteredFrom: outcome.deregisteredFrom,
              deadlineId: d.id,
            },
            asOf,
          ),
        );
      }
      if (
        outcome.deregisteredFrom &&
        !(citizen.deregisteredFrom && compareLocalDates(citizen.deregisteredFrom, outcome.deregisteredFrom) <= 0)
      ) {
        citizen.deregisteredFrom = outcome.deregisteredFrom;
        touched.add(d.citizenId);
      }
      const flag = outcome.immediateBooking;
      if (!citizen.immediateBookingFrom || compareLocalDates(citizen.immediateBookingFrom, flag.requiredFrom) < 0) {
        citizen.immediateBookingFrom = flag.requiredFrom;
        citizen.immediateBookingLapsesOn = flag.lapsesOn;
        (citizen as CitizenWork).immediateBookingDeadlineId = d.id;
        touched.add(d.citizenId);
        events.push(
          build(
            Events.immediateRequired,
            { ...org, requiredFrom: flag.requiredFrom, lapsesOn: flag.lapsesOn, deadlineId: d.id },
            asOf,
          ),
        );
      }
    }
    if (settled.length === 0) return { claimed: rows.length, settled: 0 };
    await settleDeadlines(tx, settled, asOf);
    if (summonses.length > 0) {
      await recordSummonses(
        tx,
        summonses.map((d) => ({
          citizenId: d.citizenId,
          conversationNumber: d.conversationNumber,
          conversationType: d.conversationType,
          latestMeetingDate: d.latestMeetingDate,
          reason: SummonsReason.NO_FREE_SLOTS,
        })),
      );
    }
    if (touched.size > 0) {
      await updateCitizensAfterExpiry(
        tx,
        [...touched].map((id) => afterExpiry(citizens.get(id)! as CitizenWork)),
      );
    }
    for (let i = 0; i < events.length; i += this.outboxChunk)
      await appendToOutbox(tx, events.slice(i, i + this.outboxChunk));
    result.events += events.length;
    return { claimed: rows.length, settled: settled.length };
  }

  /** Immediate-booking flags whose lapse day has come (RULES §5, edge case 22 [F:S6; I]). */
  private async lapseBatch(tx: EntityManager, asOf: Date, result: ExpiryRunResult): Promise<number> {
    const rows = await claimLapsedImmediateBookings(tx, asOf, this.batchSize);
    if (rows.length === 0) return 0;
    await clearImmediateBookings(
      tx,
      rows.map((r) => r.citizenId),
    );
    await appendToOutbox(
      tx,
      rows.map((c) =>
        build(Events.immediateCleared, { ...orgOf(c), reason: ImmediateBookingClearedReason.LAPSED }, asOf),
      ),
    );
    result.lapsed += rows.length;
    result.events += rows.length;
    return rows.length;
  }
}

type CitizenWork = CitizenRow & { immediateBookingDeadlineId?: string };

function afterExpiry(c: CitizenWork): CitizenAfterExpiry {
  return {
    citizenId: c.citizenId,
    deregisteredFrom: c.deregisteredFrom,
    immediateBookingFrom: c.immediateBookingFrom,
    immediateBookingLapsesOn: c.immediateBookingLapsesOn,
    immediateBookingLapsesAt: c.immediateBookingLapsesOn ? lapseInstant(c.immediateBookingLapsesOn) : null,
    immediateBookingDeadlineId: c.immediateBookingDeadlineId ?? null,
  };
}

function orphanCitizen(d: DeadlineRow): CitizenRow {
  return {
    citizenId: d.citizenId,
    jobcenterCode: d.jobcenterCode,
    akasseId: d.akasseId,
    contactGroup: d.contactGroup,
    deregisteredFrom: null,
    immediateBookingFrom: null,
    immediateBookingLapsesOn: null,
    lastScheduleHash: null,
  };
}

const dayStarts = new Map<string, Date>();
/** Start of a local day, memoised: a batch has few distinct lapse days and Intl is the costly part. */
function lapseInstant(date: string): Date {
  let t = dayStarts.get(date);
  if (!t) {
    t = startOfLocalDay(date);
    if (dayStarts.size > 10_000) dayStarts.clear();
    dayStarts.set(date, t);
  }
  return t;
}
