/**
 * A rule regime is data (its parameters) plus a small module that turns a course period into
 * conversation slots and a first-activation deadline. The engine splices regimes by date; adding a
 * regime means adding a module to the list, not editing the others [RULES §0].
 */
import { DayNumber, dayNumberOf, daysInMonth, toDayNumber, ymdNumberOf } from '@selvbook/calendar';
import { CourseClock } from '../clock/course-clock';
import { CONTACT_GROUPS, ContactGroup } from '../model/contact-group';
import { ConversationHolder, ConversationSeries, RegimeId } from '../model/contact-course';
import { ConversationTypeId, ConversationTypeMask, typeMask } from '../model/conversation-type';
import { Duration, Param } from '../parameters';

/** The current course period of a citizen: its group, anchor and clock. */
export interface CoursePeriod {
  readonly group: ContactGroup;
  readonly anchor: DayNumber;
  readonly clock: CourseClock;
  readonly birth: DayNumber;
  readonly akasseId: string | undefined;
  readonly insuredPartTime: boolean;
}

/** One required conversation as a regime plans it, before working days, held conversations and now. */
export interface Slot {
  readonly regime: RegimeId;
  readonly series: ConversationSeries;
  readonly type: ConversationTypeId;
  /** Held types that fulfil it. */
  readonly accepts: ConversationTypeMask;
  readonly heldBy: ConversationHolder;
  /** Raw due day, earliest day it counts, legal ceiling (all before working-day adjustment). */
  readonly due: DayNumber;
  readonly from: DayNumber;
  readonly to: DayNumber;
  /** Held before `from` does not count for it (windows that may not be moved, e.g. joint 2 [F:S10]). */
  readonly strictFrom: boolean;
  /**
   * "The first conversation" (kontanthjælp within a week, sygedagpenge by week 8): the first one held is it, even
   * when held after its ceiling — late, but the first [F:S16 §31 stk. 5, F:S20 §13b].
   */
  readonly ordinalFirst?: boolean;
  /**
   * For a joint conversation a later regime plans: the jobsamtale to plan instead when a joint conversation an
   * earlier regime kept for the same course already lies inside this one's window (RULES §0; both R2015 and R2020
   * ask for two joint among the first six [F:S9,S10,S45]).
   */
  readonly instead?: Slot;
  readonly rule: string;
  readonly source: string;
}

export interface FirstActivationPlan {
  /** Raw ordinary deadline (before exemption and working-day adjustment). */
  readonly deadline: DayNumber;
  readonly rule: string;
  readonly source: string;
  readonly ageBand: string | null;
  /** Exempt at the deadline → the deadline becomes the exemption's end + this. */
  readonly graceAfterExemption: Duration;
  readonly wageSubsidyStartWithin: Duration | null;
  readonly minimumOfferWeeks: number | null;
}

export interface RulesRegime {
  readonly id: RegimeId;
  readonly inForceFrom: DayNumber;
  readonly parameters: unknown;
  /** Appends the slots of the period (any order). */
  planCourse(period: CoursePeriod, out: Slot[]): void;
  firstActivation(period: CoursePeriod): FirstActivationPlan | null;
  /** Conversation types a citizen in `group` self-books (so the jobcenter sets a deadline) on `day`. */
  selfBookableTypes(group: ContactGroup, day: DayNumber): ConversationTypeMask;
}

// ---------------------------------------------------------------------------------------------
// Shared building blocks for regime modules
// ---------------------------------------------------------------------------------------------

export const JOB_OR_JOINT = typeMask(7, 17);
export const JOINT_ONLY = typeMask(17);
export const FOLLOW_UP_ONLY = typeMask(4);
export const FOLLOW_UP_OR_JOB = typeMask(4, 7);
export const JOB_ONLY = typeMask(7);
export const CV_ONLY = typeMask(10);
export const AVAILABILITY_ONLY = typeMask(15);

/** What a slot asks for, apart from when: its series, its type, what fulfils it and who holds it. */
export type SlotKind = Pick<Slot, 'series' | 'type' | 'accepts' | 'heldBy'>;

/** A jobsamtale at the jobcenter; a joint conversation held in its window fulfils it too. */
export const JOBCENTER_CONVERSATION: SlotKind = {
  series: 'COURSE',
  type: 7,
  accepts: JOB_OR_JOINT,
  heldBy: 'JOBCENTER',
};

/** A joint conversation (fælles jobsamtale): jobcenter and a-kasse together. */
export const JOINT_CONVERSATION: SlotKind = { series: 'COURSE', type: 17, accepts: JOINT_ONLY, heldBy: 'JOINT' };

export interface SelfBookingRule {
  readonly types: readonly ConversationTypeId[];
  /** Mandatory self-booking starts on this date (null: from the regime's start). */
  readonly from: string | null;
}

export type SelfBookingParameters = Readonly<Record<ContactGroup, Param<SelfBookingRule>>>;

/** Precomputes masks and start days once per regime. */
export function compileSelfBooking(
  rules: SelfBookingParameters,
): (group: ContactGroup, day: DayNumber) => ConversationTypeMask {
  const masks = new Map<ContactGroup, { mask: ConversationTypeMask; from: DayNumber }>();
  for (const group of CONTACT_GROUPS) {
    const rule = rules[group].value;
    masks.set(group, { mask: typeMask(...rule.types), from: rule.from ? toDayNumber(rule.from) : -Infinity });
  }
  return (group, day) => {
    const m = masks.get(group)!;
    return day >= m.from ? m.mask : 0;
  };
}

/** `count` days spread evenly after `start`, the last one on `end` (rounded to whole days). */
export function spreadEvenly(start: DayNumber, end: DayNumber, count: number, j: number): DayNumber {
  return start + Math.round(((end - start) * j) / count);
}

export interface AgeBand {
  readonly label: string;
  readonly minAge: number;
  /** Exclusive; null = no upper bound. */
  readonly maxAge: number | null;
  readonly after: Duration;
}

/** The citizen's n-th birthday; 29 February birthdays fall on 28 February in common years [I]. */
export function addYears(day: DayNumber, years: number): DayNumber {
  const ymd = ymdNumberOf(day);
  const year = Math.floor(ymd / 10000) + years;
  const month = Math.floor(ymd / 100) % 100;
  const dim = daysInMonth(year, month);
  return dayNumberOf(year, month, ymd % 100 < dim ? ymd % 100 : dim);
}

/** Which day's age selects the band [I, RULES §4]. */
export type AgeReference = 'DUE_DATE' | 'ANCHOR';

/**
 * DUE_DATE: the earliest day on which a band's deadline has passed while the citizen's age on that day is
 * in the band, so crossing 30 or 50 mid-course is re-evaluated. ANCHOR: the band of the age at the start.
 */
export function ageBandDeadline(
  period: CoursePeriod,
  bands: readonly AgeBand[],
  ageOn: AgeReference = 'DUE_DATE',
): { day: DayNumber; band: AgeBand } | null {
  let best: { day: DayNumber; band: AgeBand } | null = null;
  for (const band of bands) {
    const enters = addYears(period.birth, band.minAge);
    const leaves = band.maxAge === null ? Infinity : addYears(period.birth, band.maxAge);
    const due = period.clock.dayAt(band.after);
    if (ageOn === 'ANCHOR') {
      if (period.anchor >= enters && period.anchor < leaves) return { day: due, band };
      continue;
    }
    const day = due > enters ? due : enters;
    if (day < leaves && (best === null || day < best.day)) best = { day, band };
  }
  return best;
}
