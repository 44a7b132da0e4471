import { BaseServiceConfig } from '@selvbook/platform';
import { DEFAULT_DEADLINE_POLICY, DeadlinePolicy } from '@selvbook/deadline';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => value === true || value === 'true' || value === '1';
const D = DEFAULT_DEADLINE_POLICY;

/**
 * Deadline service settings, validated at boot. Every inferred rule value of RULES §5 ([I]) is a setting here
 * with the default from the rulebook, so a guide that proves a value wrong is one line of configuration.
 */
export class DeadlineConfig extends BaseServiceConfig {
  override PORT = 3002;

  /** Run the expiry timer loop in this process (every replica may: claims use SKIP LOCKED). */
  @Transform(toBoolean)
  @IsBoolean()
  EXPIRY_RUNNER_ENABLED = true;

  /** How often the timer loop looks for due deadlines; a run catches up everything due, however late. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  EXPIRY_RUN_INTERVAL_MS = 60_000;

  /** Deadlines claimed per transaction. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  EXPIRY_BATCH_SIZE = 1000;

  /** Batches settled at once by one process. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  EXPIRY_CONCURRENCY = 2;

  /** RULES §5 [F:S5]: minimum days between giving a deadline and deadlineDate (not sygedagpenge). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  MINIMUM_DEADLINE_DAYS = D.minimumDeadlineDays;

  /** [I] deadlineDate = latestMeetingDate − this many days. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  BOOKING_LEAD_DAYS = D.bookingLeadDays;

  /** [I] latestMeetingDate is the window's end (windowTo) or the guiding date. */
  @IsIn(['windowTo', 'guidingDate'])
  LATEST_MEETING_DATE_FROM: 'windowTo' | 'guidingDate' = D.latestMeetingDateFrom;

  /** [I] a deadlineDate on a weekend or public holiday moves to the next (or previous) working day, or stays. */
  @IsIn(['next', 'previous', 'keep'])
  DEADLINE_ON_NON_WORKING_DAY: 'next' | 'previous' | 'keep' = D.deadlineOnNonWorkingDay;

  /** [F:S6; I] months after which the immediate-booking flag lapses. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24)
  IMMEDIATE_BOOKING_LAPSE_MONTHS = D.immediateBookingLapseMonths;

  /** [I] an outage also extends deadlines expiring up to this many hours after its end. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(24 * 14)
  OUTAGE_GRACE_HOURS = D.outageGraceMs / 3_600_000;

  /** [I] a fulfilling booking cancelled after deadlineDate reopens the deadline with at least this many days. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  REOPEN_MINIMUM_DAYS = D.reopenMinimumDays;

  /**
   * [F:S6; I] a missed deadline is checked for "no free slots"
   * only when opened this many days after slot tracking began.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  NO_FREE_SLOTS_TRACKING_LEAD_DAYS = D.noFreeSlotsTrackingLeadDays;

  /** [I] send akasse.no-show to a dagpenge citizen's a-kasse when booking reports a no-show. */
  @Transform(toBoolean)
  @IsBoolean()
  FORWARD_NO_SHOW_TO_AKASSE = true;
}

export function policyFromConfig(c: DeadlineConfig): DeadlinePolicy {
  return {
    ...DEFAULT_DEADLINE_POLICY,
    minimumDeadlineDays: c.MINIMUM_DEADLINE_DAYS,
    bookingLeadDays: c.BOOKING_LEAD_DAYS,
    latestMeetingDateFrom: c.LATEST_MEETING_DATE_FROM,
    deadlineOnNonWorkingDay: c.DEADLINE_ON_NON_WORKING_DAY,
    immediateBookingLapseMonths: c.IMMEDIATE_BOOKING_LAPSE_MONTHS,
    outageGraceMs: c.OUTAGE_GRACE_HOURS * 3_600_000,
    reopenMinimumDays: c.REOPEN_MINIMUM_DAYS,
    noFreeSlotsTrackingLeadDays: c.NO_FREE_SLOTS_TRACKING_LEAD_DAYS,
  };
}
