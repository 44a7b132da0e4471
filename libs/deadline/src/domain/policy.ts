/**
 * Every inferred ([I]) value of RULES §5 as a named, configurable parameter with its default.
 * The service builds one from its validated config; tests and the benchmark use DEFAULT_DEADLINE_POLICY.
 */
import { ContactGroup, ConversationType, MissedDeadlineConsequence } from '@selvbook/contracts';

export type NonWorkingDayRoll = 'next' | 'previous' | 'keep';
export type LatestMeetingDateSource = 'windowTo' | 'guidingDate';

export interface DeadlinePolicy {
  /** A self-booking deadline is at least this many days after it is given (not sygedagpenge) [F:S5]. */
  minimumDeadlineDays: number;
  /** Groups the 8-day minimum does not apply to [F:S1,S5]. */
  groupsWithoutMinimum: readonly ContactGroup[];
  /** Conversation types that get a booking deadline [F:S23]. */
  deadlineConversationTypes: readonly ConversationType[];
  /** First day each group must self-book; absent = never (voluntary booking only) [F:S1,S15,S31; I for 9–11]. */
  selfBookingFrom: Readonly<Partial<Record<ContactGroup, string>>>;
  /** latestMeetingDate is the window's end (the legal ceiling) or the guiding date itself [I]. */
  latestMeetingDateFrom: LatestMeetingDateSource;
  /** deadlineDate = latestMeetingDate − this many days, so free slots remain after the deadline [I]. */
  bookingLeadDays: number;
  /** A deadlineDate on a weekend or public holiday moves to the next working day (cf. F:S40) [I]. */
  deadlineOnNonWorkingDay: NonWorkingDayRoll;
  /** Consequence of a missed deadline by group (RULES §5 "Missed deadline, by group"). */
  consequenceByGroup: Readonly<Record<ContactGroup, MissedDeadlineConsequence>>;
  /** The immediate-booking flag lapses this many months after it starts (edge case 22) [F:S6; I]. */
  immediateBookingLapseMonths: number;
  /** An outage extends deadlines expiring in it or up to this long after its end ("just after") [I]. */
  outageGraceMs: number;
  /** A fulfilling booking cancelled after the deadline date reopens it with at least this many days left [I]. */
  reopenMinimumDays: number;
  /**
   * No free slots (RULES §5, §8.14 [F:S6; I]): a deadline is judged on the slots this service has heard of,
   * so only one opened this many days after slot tracking began (slots published earlier were never announced;
   * default the booking service's 120-day maximum advance) — before that it expires as it always did.
   */
  noFreeSlotsTrackingLeadDays: number;
  /**
   * From this date (R2020 on) the first conversation of a course is held in person; later ones the citizen may hold by
   * phone or video [F:S16, F:S20]. Its deadline says so (meetingFormats), and the booking service offers only that.
   */
  firstConversationInPersonFrom: string;
}

const C = ContactGroup;
const M = MissedDeadlineConsequence;

/** DI token of the service's DeadlinePolicy (DeadlineModule provides it). */
export const DEADLINE_POLICY = Symbol('DEADLINE_POLICY');

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = Object.freeze({
  minimumDeadlineDays: 8,
  groupsWithoutMinimum: [C.SICKNESS_BENEFIT],
  deadlineConversationTypes: [
    ConversationType.JOB_CONVERSATION,
    ConversationType.JOINT_CONVERSATION,
    ConversationType.FOLLOW_UP_CONVERSATION,
  ],
  selfBookingFrom: {
    [C.UNEMPLOYMENT_BENEFIT]: '2016-09-01', // F:S31,S32
    [C.SOCIAL_ASSISTANCE_JOB_READY]: '2020-01-01', // F:S1
    [C.SOCIAL_ASSISTANCE_ACTIVITY_READY]: '2021-01-01', // F:S15
    [C.EDUCATION_READY]: '2020-01-01', // F:S1 (åbenlyst uddannelsesparate)
    [C.EDUCATION_ASSISTANCE_ACTIVITY_READY]: '2021-01-01', // F/I:S15
    [C.SICKNESS_BENEFIT]: '2020-01-01', // F:S1
    [C.JOB_CLARIFICATION_COURSE]: '2020-01-01', // F:S1
    [C.RESOURCE_COURSE]: '2021-01-01', // F:S15
    [C.REHABILITATION]: '2020-01-01', // I
    // FLEX_JOB_BENEFIT: only if the jobcenter chooses [I]; OTHER: voluntary booking only [I]
  },
  latestMeetingDateFrom: 'windowTo',
  bookingLeadDays: 7,
  deadlineOnNonWorkingDay: 'next',
  consequenceByGroup: {
    [C.UNEMPLOYMENT_BENEFIT]: M.DEREGISTRATION, // F:S7 §17a, S31
    [C.SOCIAL_ASSISTANCE_JOB_READY]: M.DEDUCTION, // F:S18 §37a
    [C.EDUCATION_READY]: M.DEDUCTION, // F:S18 §37a
    [C.SOCIAL_ASSISTANCE_ACTIVITY_READY]: M.AVAILABILITY_ASSESSMENT, // F:S19 §15
    [C.EDUCATION_ASSISTANCE_ACTIVITY_READY]: M.AVAILABILITY_ASSESSMENT, // I (as aktivitetsparat KH)
    [C.SICKNESS_BENEFIT]: M.SANCTION_ASSESSMENT, // F/I:S5, SDP §21
    [C.JOB_CLARIFICATION_COURSE]: M.AVAILABILITY_ASSESSMENT, // I
    [C.RESOURCE_COURSE]: M.AVAILABILITY_ASSESSMENT, // I
    [C.FLEX_JOB_BENEFIT]: M.AVAILABILITY_ASSESSMENT, // I
    [C.REHABILITATION]: M.AVAILABILITY_ASSESSMENT, // I
    [C.OTHER]: M.AVAILABILITY_ASSESSMENT, // never reached: no deadlines for group 11
  },
  immediateBookingLapseMonths: 3,
  outageGraceMs: 24 * 3600_000,
  reopenMinimumDays: 8,
  noFreeSlotsTrackingLeadDays: 120,
  firstConversationInPersonFrom: '2020-01-01', // R2020 [F:S16, S20]
}) as DeadlinePolicy;

export function policyWith(overrides: Partial<DeadlinePolicy>): DeadlinePolicy {
  return { ...DEFAULT_DEADLINE_POLICY, ...overrides };
}
