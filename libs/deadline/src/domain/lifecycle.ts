/**
 * The deadline lifecycle as pure functions (no I/O, no clock): RULES §5 and §8.
 *
 *   open ──booking──► fulfilled ──meeting date reached / attended / no-show──► closed
 *    │  ◄──cancel (time remains, or reopened with reopenMinimumDays)──┘
 *    ├──absence 56/57/75, deregistration, recalculation──► closed
 *    └──end of deadlineDate (Europe/Copenhagen), no booking──► expired ──► consequence by group
 */
import {
  addDays,
  addMonths,
  compareLocalDates,
  endOfLocalDay,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  type LocalDate,
} from '@selvbook/calendar';
import {
  AbsenceCode,
  ABSENCE_CODE_BY_EXEMPTION_KIND,
  ContactGroup,
  ConversationHolder,
  ConversationStatus,
  ConversationType,
  DeadlineClosedReason,
  ExemptionKind,
  MeetingFormat,
  MissedDeadlineConsequence,
  SummonsReason,
} from '@selvbook/contracts';
import { DeadlinePolicy } from './policy';

export type DeadlineStatus = 'open' | 'fulfilled' | 'closed' | 'expired';
export type ActiveStatus = 'open' | 'fulfilled';

const MS_PER_DAY = 86_400_000;

export const maxDate = (a: LocalDate, b: LocalDate): LocalDate => (compareLocalDates(a, b) >= 0 ? a : b);
export const minDate = (a: LocalDate, b: LocalDate): LocalDate => (compareLocalDates(a, b) <= 0 ? a : b);

/** What a conversation of a schedule needs (the subset of ScheduledConversation used here). */
export interface ConversationNeed {
  number: number;
  type: ConversationType;
  guidingDate: LocalDate;
  windowFrom: LocalDate;
  windowTo: LocalDate;
  status: ConversationStatus;
  needsBookingDeadline: boolean;
  /** who holds it; absent means the jobcenter */
  heldBy?: ConversationHolder;
  /** the rules engine found no lawful self-booking deadline for it: the jobcenter summons instead */
  summonsReason?: SummonsReason;
}

export interface ActiveDeadline {
  id: string;
  conversationNumber: number;
  conversationType: ConversationType;
  guidingDate: LocalDate;
  windowFrom: LocalDate;
  windowTo: LocalDate;
  status: ActiveStatus;
  deadlineDate: LocalDate;
  latestMeetingDate: LocalDate;
}

export interface Exemption {
  exemptionId: string;
  kind: ExemptionKind;
  absenceCode?: AbsenceCode | null;
  validFrom: LocalDate;
  validTo?: LocalDate | null;
  /** first day the duty applies again */
  endedOn?: LocalDate | null;
}

export interface Outage {
  startsAt: Date;
  endsAt: Date;
  /** null: every jobcenter (a national outage) */
  jobcenterCode?: string | null;
}

// --- eligibility ---------------------------------------------------------------------------------

/** Is the group obliged to self-book on `date`? (RULES §2 table, phased in by date) */
export function isSelfBookable(group: ContactGroup, date: LocalDate, policy: DeadlinePolicy): boolean {
  const from = policy.selfBookingFrom[group];
  return from !== undefined && compareLocalDates(date, from) >= 0;
}

export function isExemptionActive(e: Exemption, date: LocalDate): boolean {
  if (compareLocalDates(date, e.validFrom) < 0) return false;
  if (e.validTo && compareLocalDates(date, e.validTo) > 0) return false;
  if (e.endedOn && compareLocalDates(date, e.endedOn) >= 0) return false;
  return true;
}

const EXEMPTION_PRIORITY: ExemptionKind[] = [
  ExemptionKind.WITHDRAWAL,
  ExemptionKind.EXEMPTION,
  ExemptionKind.COURSE_AT_AKASSE,
  ExemptionKind.SICKNESS,
  ExemptionKind.LESS_INTENSIVE_EFFORT,
];

/** The exemption in force on `date`, the one that matters most first (withdrawal, then exemption, …). */
export function activeExemptionOn(exemptions: readonly Exemption[], date: LocalDate): Exemption | undefined {
  const active = exemptions.filter((e) => isExemptionActive(e, date));
  active.sort((a, b) => EXEMPTION_PRIORITY.indexOf(a.kind) - EXEMPTION_PRIORITY.indexOf(b.kind));
  return active[0];
}

/** Absence code registered with an exemption: its own, else the one for its kind (56/57/75). */
export function absenceCodeOf(e: Exemption): AbsenceCode | undefined {
  return e.absenceCode ?? ABSENCE_CODE_BY_EXEMPTION_KIND[e.kind] ?? undefined;
}

/** Exemption and withdrawal mean the jobcenter summons instead (BEK §45–46) [F:S17]. */
export function summonsReasonOf(e: Exemption): SummonsReason | undefined {
  if (e.kind === ExemptionKind.EXEMPTION) return SummonsReason.EXEMPT_FROM_SELF_BOOKING;
  if (e.kind === ExemptionKind.WITHDRAWAL) return SummonsReason.SELF_BOOKING_WITHDRAWN;
  return undefined;
}

/** How an exemption closes an open deadline: absence 56/57/75 when it has one, else "schedule changed". */
export function closingForExemption(e: Exemption): { reason: DeadlineClosedReason; absenceCode?: AbsenceCode } {
  const code = absenceCodeOf(e);
  return code !== undefined
    ? { reason: DeadlineClosedReason.ABSENCE_REGISTERED, absenceCode: code }
    : { reason: DeadlineClosedReason.SCHEDULE_CHANGED };
}

// --- dates -----------------------------------------------------------------------------------------

export interface DeadlineDates {
  deadlineDate: LocalDate;
  latestMeetingDate: LocalDate;
}

function roll(date: LocalDate, how: DeadlinePolicy['deadlineOnNonWorkingDay']): LocalDate {
  if (how === 'keep' || isWorkingDay(date)) return date;
  return how === 'next' ? nextWorkingDay(date) : previousWorkingDay(date);
}

/**
 * deadlineDate and latestMeetingDate for a conversation given on `today` (RULES §5 "Deadline", §4 step 5,
 * §8 edge cases 2 and 4):
 * - latestMeetingDate = the window's end (or the guiding date), on a non-working day moved to the previous
 *   working day so the legal ceiling is never exceeded;
 * - deadlineDate = latestMeetingDate − bookingLeadDays, at least minimumDeadlineDays after today (not for
 *   sygedagpenge), never before today; on a non-working day moved to the next working day;
 * - if the minimum pushes deadlineDate past latestMeetingDate, the meeting may be held up to deadlineDate.
 */
export function computeDeadlineDates(
  conv: ConversationNeed,
  group: ContactGroup,
  today: LocalDate,
  policy: DeadlinePolicy,
): DeadlineDates {
  let latest = previousWorkingDay(policy.latestMeetingDateFrom === 'windowTo' ? conv.windowTo : conv.guidingDate);
  let deadline = addDays(latest, -policy.bookingLeadDays);
  const earliest = policy.groupsWithoutMinimum.includes(group) ? today : addDays(today, policy.minimumDeadlineDays);
  deadline = roll(maxDate(deadline, earliest), policy.deadlineOnNonWorkingDay);
  // 'previous' never undercuts the minimum
  if (compareLocalDates(deadline, earliest) < 0) deadline = roll(earliest, 'next');
  latest = maxDate(latest, deadline);
  return { deadlineDate: deadline, latestMeetingDate: latest };
}

/**
 * The formats the meeting may take (RULES §5 "Booking window"): from R2020 the first conversation of the course is
 * held in person, later ones as the citizen chooses [F:S16, F:S20]; undefined = any format the slot offers. Decided by
 * the guiding date's regime. (R2015: the rules give no format rule for self-booked meetings.)
 */
export function meetingFormatsFor(
  conv: Pick<ConversationNeed, 'number' | 'guidingDate'>,
  policy: DeadlinePolicy,
): MeetingFormat[] | undefined {
  if (conv.number === 1 && compareLocalDates(conv.guidingDate, policy.firstConversationInPersonFrom) >= 0)
    return [MeetingFormat.IN_PERSON];
  return undefined;
}

/** The instant a deadline expires: the end of deadlineDate in Europe/Copenhagen (23, 24 or 25 h days). */
export function expiryInstantOf(deadlineDate: LocalDate): Date {
  return endOfLocalDay(deadlineDate);
}

export interface ExtendedDates extends DeadlineDates {
  expiresAt: Date;
  extendedByOutage: boolean;
  /** whole days added */
  extendedByDays: number;
}

/**
 * RULES §5 "No slots, downtime…", edge case 15 [I]: a deadline that would expire during a registered outage,
 * or within outageGraceMs after its end, is extended by the outage's length (whole days, at least one).
 * Each outage extends a deadline at most once; an extension that lands in another outage is extended again.
 */
export function extendForOutages(
  dates: DeadlineDates,
  outages: readonly Outage[],
  jobcenterCode: string,
  policy: DeadlinePolicy,
): ExtendedDates {
  let { deadlineDate, latestMeetingDate } = dates;
  let expiresAt = expiryInstantOf(deadlineDate);
  let days = 0;
  const unused = outages.filter((o) => !o.jobcenterCode || o.jobcenterCode === jobcenterCode);
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < unused.length; i++) {
      const o = unused[i];
      const t = expiresAt.getTime();
      if (t >= o.startsAt.getTime() && t <= o.endsAt.getTime() + policy.outageGraceMs) {
        const add = Math.max(1, Math.ceil((o.endsAt.getTime() - o.startsAt.getTime()) / MS_PER_DAY));
        deadlineDate = addDays(deadlineDate, add);
        latestMeetingDate = maxDate(latestMeetingDate, deadlineDate);
        expiresAt = expiryInstantOf(deadlineDate);
        days += add;
        unused.splice(i, 1);
        changed = true;
        break;
      }
    }
  }
  return { deadlineDate, latestMeetingDate, expiresAt, extendedByOutage: days > 0, extendedByDays: days };
}

// --- opening and closing from a schedule --------------------------------------------------------------

export interface ScheduleInput {
  today: LocalDate;
  contactGroup: ContactGroup;
  jobcenterCode: string;
  /** set while the citizen is not registered as a jobseeker */
  deregisteredFrom?: LocalDate | null;
  conversations: readonly ConversationNeed[];
  active: readonly ActiveDeadline[];
  exemptions: readonly Exemption[];
  outages: readonly Outage[];
}

export interface DeadlineToOpen extends ExtendedDates {
  conversation: ConversationNeed;
}

export interface DeadlineToClose {
  deadlineId: string;
  reason: DeadlineClosedReason;
  absenceCode?: AbsenceCode;
}

export interface SummonsToRequest {
  conversation: ConversationNeed;
  reason: SummonsReason;
  latestMeetingDate: LocalDate;
  /** the open deadline the summons replaces */
  deadlineId?: string;
}

export interface SchedulePlan {
  open: DeadlineToOpen[];
  close: DeadlineToClose[];
  summons: SummonsToRequest[];
}

const sameNeed = (d: ActiveDeadline, c: ConversationNeed) =>
  d.guidingDate === c.guidingDate && d.windowFrom === c.windowFrom && d.windowTo === c.windowTo;

/**
 * What a (re)calculated schedule means for the citizen's deadlines. Idempotent: the same need with the
 * deadlines it already produced gives an empty plan, whatever day it is recomputed on.
 */
export function planSchedule(input: ScheduleInput, policy: DeadlinePolicy): SchedulePlan {
  const plan: SchedulePlan = { open: [], close: [], summons: [] };
  const { today } = input;
  const byKey = new Map(input.active.map((d) => [`${d.conversationNumber}:${d.conversationType}`, d]));
  const seen = new Set<string>();
  const deregistered = !!input.deregisteredFrom && compareLocalDates(input.deregisteredFrom, today) <= 0;
  const exemption = activeExemptionOn(input.exemptions, today);
  const selfBookable = isSelfBookable(input.contactGroup, today, policy);

  for (const conv of input.conversations) {
    const key = `${conv.number}:${conv.type}`;
    seen.add(key);
    const existing = byKey.get(key);
    // The rules engine clears needsBookingDeadline for an exempt or withdrawn citizen (they cannot self-book),
    // but the conversation is still due: here it becomes a summons request instead [F:S17 §46].
    const summonable =
      exemption !== undefined && summonsReasonOf(exemption) !== undefined && conv.heldBy !== ConversationHolder.AKASSE;
    // The rules engine found the window shorter than the shortest lawful deadline (the first kontanthjælp conversation
    // within a week [F:S16 §31 stk. 5, F:S5]): the jobcenter arranges it, so ask for a summons instead of a deadline.
    // A deadline opened for it before (under the earlier engine) is left as it stands; an exemption's summons wins.
    if (
      conv.summonsReason &&
      conv.status === ConversationStatus.DUE &&
      !summonable &&
      !deregistered &&
      policy.deadlineConversationTypes.includes(conv.type)
    ) {
      if (!existing) {
        plan.summons.push({
          conversation: conv,
          reason: conv.summonsReason,
          latestMeetingDate: previousWorkingDay(conv.windowTo),
        });
      }
      continue;
    }
    // The 8-day minimum can put the deadline after the window's end: the citizen stays bound by the deadline
    // given [F:S5, F:S23], so the same conversation, now OVERDUE, keeps it until it is booked or expires.
    const stillBound =
      existing?.status === 'open' && conv.status === ConversationStatus.OVERDUE && sameNeed(existing, conv);
    const needed =
      (((conv.needsBookingDeadline || summonable) && conv.status === ConversationStatus.DUE) || stillBound) &&
      policy.deadlineConversationTypes.includes(conv.type);
    // A window already over opens nothing new, but never closes the deadline it produced earlier.
    const windowOver = compareLocalDates(conv.windowTo, today) < 0;
    if (!needed || (windowOver && !(existing && sameNeed(existing, conv)))) {
      if (existing?.status === 'open') {
        const reason =
          conv.status === ConversationStatus.HELD
            ? DeadlineClosedReason.CONVERSATION_HELD
            : DeadlineClosedReason.SCHEDULE_CHANGED;
        plan.close.push({ deadlineId: existing.id, reason });
      }
      continue;
    }
    if (deregistered) {
      if (existing?.status === 'open')
        plan.close.push({ deadlineId: existing.id, reason: DeadlineClosedReason.CITIZEN_DEREGISTERED });
      continue;
    }
    if (exemption) {
      if (existing?.status === 'open') plan.close.push({ deadlineId: existing.id, ...closingForExemption(exemption) });
      const reason = summonsReasonOf(exemption);
      if (reason && existing?.status === 'open') {
        // As when the exemption closes it (citizen.exemption-granted):
        // the summons replaces this deadline, with its dates.
        plan.summons.push({
          conversation: conv,
          reason,
          latestMeetingDate: existing.latestMeetingDate,
          deadlineId: existing.id,
        });
      } else if (reason && existing?.status !== 'fulfilled') {
        const { latestMeetingDate } = computeDeadlineDates(conv, input.contactGroup, today, policy);
        plan.summons.push({ conversation: conv, reason, latestMeetingDate });
      }
      continue;
    }
    if (!selfBookable) {
      if (existing?.status === 'open')
        plan.close.push({ deadlineId: existing.id, reason: DeadlineClosedReason.SCHEDULE_CHANGED });
      continue;
    }
    if (existing) {
      // A fulfilled deadline keeps its booking; an open one with the same need stays as it is.
      if (existing.status === 'fulfilled' || sameNeed(existing, conv)) continue;
      plan.close.push({ deadlineId: existing.id, reason: DeadlineClosedReason.SCHEDULE_CHANGED });
    }
    const dates = computeDeadlineDates(conv, input.contactGroup, today, policy);
    plan.open.push({ conversation: conv, ...extendForOutages(dates, input.outages, input.jobcenterCode, policy) });
  }
  for (const d of input.active) {
    if (d.status === 'open' && !seen.has(`${d.conversationNumber}:${d.conversationType}`)) {
      plan.close.push({ deadlineId: d.id, reason: DeadlineClosedReason.SCHEDULE_CHANGED });
    }
  }
  return plan;
}

// --- bookings ------------------------------------------------------------------------------------------

export interface BookingRef {
  bookingId: string;
  conversationType: ConversationType;
  meetingDate: LocalDate;
}

/**
 * RULES §5 invariant [F:S23,S24]: a deadline issued while a booking exists is fulfilled at once. The
 * booking must be for the same conversation type, on or after today and not after latestMeetingDate.
 */
export function matchingBooking<B extends BookingRef>(
  bookings: readonly B[],
  type: ConversationType,
  today: LocalDate,
  latestMeetingDate: LocalDate,
): B | undefined {
  return bookings
    .filter(
      (b) =>
        b.conversationType === type &&
        compareLocalDates(b.meetingDate, today) >= 0 &&
        compareLocalDates(b.meetingDate, latestMeetingDate) <= 0,
    )
    .sort((a, b) => compareLocalDates(a.meetingDate, b.meetingDate))[0];
}

/**
 * A fulfilling booking was cancelled: the deadline reopens. With time left (today ≤ deadlineDate) the dates
 * stay; otherwise the citizen gets reopenMinimumDays to book again [I], so a cancellation after the deadline
 * is never turned into a missed deadline overnight (the a-kasse assesses the cancellation itself).
 */
export function reopenedDates(
  d: DeadlineDates,
  today: LocalDate,
  policy: DeadlinePolicy,
): DeadlineDates & { timeRemained: boolean } {
  if (compareLocalDates(today, d.deadlineDate) <= 0) return { ...d, timeRemained: true };
  const deadlineDate = roll(addDays(today, policy.reopenMinimumDays), 'next');
  return { deadlineDate, latestMeetingDate: maxDate(d.latestMeetingDate, deadlineDate), timeRemained: false };
}

// --- expiry ----------------------------------------------------------------------------------------------

export interface ExpiryInput {
  deadlineDate: LocalDate;
  /** group when the deadline was given; the citizen's current group wins when known */
  contactGroup: ContactGroup;
  citizen: {
    contactGroup?: ContactGroup | null;
    akasseId?: string | null;
    deregisteredFrom?: LocalDate | null;
  };
  exemptions: readonly Exemption[];
  /**
   * Was a slot for this conversation free while the deadline was open? false: none was (RULES §5 "No slots");
   * undefined: not known (opened before slots were tracked), judged as before.
   */
  freeSlots?: boolean;
}

export type ExpiryOutcome =
  | { kind: 'close'; reason: DeadlineClosedReason; absenceCode?: AbsenceCode; summons?: SummonsReason }
  | {
      kind: 'expire';
      contactGroup: ContactGroup;
      consequence: MissedDeadlineConsequence;
      /** dagpenge: deregistered from the day after the deadline [F:S7 §17a] */
      deregisteredFrom?: LocalDate;
      /** the citizen's own a-kasse, told for dagpenge only (RULES §5) */
      akasseId?: string;
      immediateBooking: { requiredFrom: LocalDate; lapsesOn: LocalDate };
    };

/**
 * What happens when the end of deadlineDate passes without a booking (RULES §5 "Missed deadline, by group").
 * A deadline of a citizen already deregistered, or exempt on the deadline day, closes without consequence; one that
 * had no free slot for its conversation while open closes as NO_FREE_SLOTS with a summons request [F:S6].
 */
export function expiryOutcome(input: ExpiryInput, policy: DeadlinePolicy): ExpiryOutcome {
  const { deadlineDate, citizen } = input;
  if (citizen.deregisteredFrom && compareLocalDates(citizen.deregisteredFrom, deadlineDate) <= 0) {
    return { kind: 'close', reason: DeadlineClosedReason.CITIZEN_DEREGISTERED };
  }
  const exemption = activeExemptionOn(input.exemptions, deadlineDate);
  if (exemption) return { kind: 'close', ...closingForExemption(exemption) };
  // No free slot before the deadline: the missing slots are the authority's, not the citizen's — no sanction; the
  // jobcenter is asked to summon [F:S6; RULES §5 "No slots", §8.14].
  if (input.freeSlots === false)
    return { kind: 'close', reason: DeadlineClosedReason.NO_FREE_SLOTS, summons: SummonsReason.NO_FREE_SLOTS };
  const group = citizen.contactGroup ?? input.contactGroup;
  const consequence = policy.consequenceByGroup[group];
  const dayAfter = addDays(deadlineDate, 1);
  const dagpenge = consequence === MissedDeadlineConsequence.DEREGISTRATION;
  return {
    kind: 'expire',
    contactGroup: group,
    consequence,
    deregisteredFrom: dagpenge ? dayAfter : undefined,
    akasseId: dagpenge && citizen.akasseId ? citizen.akasseId : undefined,
    immediateBooking: immediateBookingFor(deadlineDate, policy),
  };
}

/** RULES §5 "Immediate booking" [I]: required from the day after the missed deadline; lapses after 3 months. */
export function immediateBookingFor(
  deadlineDate: LocalDate,
  policy: DeadlinePolicy,
): { requiredFrom: LocalDate; lapsesOn: LocalDate } {
  const requiredFrom = addDays(deadlineDate, 1);
  return { requiredFrom, lapsesOn: addMonths(requiredFrom, policy.immediateBookingLapseMonths) };
}

/** Whether the immediate-booking flag shows on `today` (it applies from requiredFrom until lapsesOn). */
export function immediateBookingShows(
  flag: { requiredFrom?: LocalDate | null; lapsesOn?: LocalDate | null } | undefined,
  today: LocalDate,
): boolean {
  if (!flag?.requiredFrom) return false;
  return (
    compareLocalDates(today, flag.requiredFrom) >= 0 && (!flag.lapsesOn || compareLocalDates(today, flag.lapsesOn) < 0)
  );
}
