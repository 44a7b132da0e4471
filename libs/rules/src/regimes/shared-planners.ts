/** Planning pieces that several regimes use with their own parameters. */
import { DayNumber, dayNumberOf, ymdNumberOf } from '@selvbook/calendar';
import { NEVER } from '../clock/course-clock';
import { CONTACT_GROUPS, ContactGroup } from '../model/contact-group';
import { RegimeId } from '../model/contact-course';
import { Duration, Param, param } from '../parameters';
import {
  AVAILABILITY_ONLY,
  CV_ONLY,
  CoursePeriod,
  FOLLOW_UP_ONLY,
  FOLLOW_UP_OR_JOB,
  JOB_ONLY,
  SelfBookingParameters,
  SelfBookingRule,
  Slot,
  SlotKind,
  spreadEvenly,
} from './regime';
import { ConversationTypeId, ConversationTypeMask } from '../model/conversation-type';

/** Calendar days of a real-time span (postponements are "2 weeks", not clock time). */
export function calendarDays(d: Duration): number {
  if (d.unit === 'days') return d.amount;
  if (d.unit === 'weeks') return d.amount * 7;
  throw new RangeError(`expected a span in days or weeks, got ${d.unit}`);
}

/** Last day of week n of a period whose day 1 is the anchor ("before the end of week 8"). */
export function endOfWeek(period: CoursePeriod, week: number): DayNumber {
  return period.anchor + week * 7 - 1;
}

/** First day of the calendar month after `day` ("at month end", R2024 hand-over). */
export function firstDayOfNextMonth(day: DayNumber): DayNumber {
  if (day >= NEVER) return NEVER;
  const ymd = ymdNumberOf(day);
  const year = Math.floor(ymd / 10000);
  const month = Math.floor(ymd / 100) % 100;
  return month === 12 ? dayNumberOf(year + 1, 1, 1) : dayNumberOf(year, month + 1, 1);
}

export interface AkasseConversationParameters {
  readonly cvConversationWithin: Param<Duration>;
  readonly availabilityConversationsAt: Param<readonly Duration[]>;
  readonly availabilityConversationsByAkasse: Param<Readonly<Record<string, readonly Duration[]>>>;
}

/** Rule ids per regime, built once (no string building per citizen). */
function ruleIds(regime: RegimeId) {
  return {
    akasseCv: `${regime}.UNEMPLOYMENT_BENEFIT.CV_CONVERSATION`,
    akasseAvailability: `${regime}.UNEMPLOYMENT_BENEFIT.AVAILABILITY_CONVERSATION`,
    jointAt16Months: `${regime}.UNEMPLOYMENT_BENEFIT.JOINT_AT_16_MONTHS`,
    assistanceFirst: `${regime}.ASSISTANCE.FIRST_CONVERSATION`,
    assistance: `${regime}.ASSISTANCE.JOB_CONVERSATION`,
    sicknessFirst: `${regime}.SICKNESS_BENEFIT.FIRST_FOLLOW_UP`,
    sickness: `${regime}.SICKNESS_BENEFIT.FOLLOW_UP`,
    otherGroups: `${regime}.OTHER_GROUPS.JOB_CONVERSATION`,
    firstActivation: `${regime}.FIRST_ACTIVATION`,
  };
}
export const RULE_IDS: Record<RegimeId, ReturnType<typeof ruleIds>> = {
  R2015: { ...ruleIds('R2015'), otherGroups: 'R2015.OTHER_GROUPS.BASELINE' },
  R2020: ruleIds('R2020'),
  R2024: ruleIds('R2024'),
};

/**
 * The a-kasse's own conversations for dagpenge (R2015, R2020): a CV conversation before 2 weeks and two
 * availability conversations in the first 6 months, booked in the a-kasse's system [F:S8,S9,S14];
 * their timing is configurable per a-kasse [F:S33].
 */
export function planAkasseConversations(
  regime: RegimeId,
  period: CoursePeriod,
  p: AkasseConversationParameters,
  out: Slot[],
): void {
  const c = period.clock;
  const rules = RULE_IDS[regime];
  const cvTo = Math.max(period.anchor, c.dayAt(p.cvConversationWithin.value) - 1);
  if (cvTo < NEVER) {
    out.push({
      regime,
      series: 'AKASSE',
      type: 10,
      accepts: CV_ONLY,
      heldBy: 'AKASSE',
      due: cvTo,
      from: period.anchor,
      to: cvTo,
      strictFrom: false,
      rule: rules.akasseCv,
      source: p.cvConversationWithin.source,
    });
  }
  const byAkasse =
    period.akasseId === undefined ? undefined : p.availabilityConversationsByAkasse.value[period.akasseId];
  const at = byAkasse ?? p.availabilityConversationsAt.value;
  let previous = period.anchor;
  for (const span of at) {
    const due = c.dayAt(span);
    if (due >= NEVER) break;
    out.push({
      regime,
      series: 'AKASSE',
      type: 15,
      accepts: AVAILABILITY_ONLY,
      heldBy: 'AKASSE',
      due,
      from: previous,
      to: due,
      strictFrom: false,
      rule: rules.akasseAvailability,
      source: byAkasse ? p.availabilityConversationsByAkasse.source : p.availabilityConversationsAt.source,
    });
    previous = due;
  }
}

/** Self-booking of `types`, mandatory from `from` (null: from the regime's start), with its source and why. */
export function selfBookingRule(
  types: readonly ConversationTypeId[],
  from: string | null,
  source: string,
  reason: string,
): Param<SelfBookingRule> {
  return param({ types, from }, source, reason);
}

/** A full self-booking table: one default plus the groups that differ. */
export function selfBookingTable(
  fallback: Param<SelfBookingRule>,
  specific: Partial<Record<ContactGroup, Param<SelfBookingRule>>>,
): SelfBookingParameters {
  const table = {} as Record<ContactGroup, Param<SelfBookingRule>>;
  for (const group of CONTACT_GROUPS) table[group] = specific[group] ?? fallback;
  return table;
}

export interface SpreadPlan {
  readonly count: number;
  readonly period: Duration;
  readonly postponeDays: number;
  /** Ceiling of the first conversation (e.g. 1 week, end of week 8); null: all spread evenly. */
  readonly firstBy: DayNumber | null;
  readonly type: 4 | 7;
  readonly accepts: ConversationTypeMask;
  readonly firstRule: string;
  readonly firstSource: string;
  readonly rule: string;
  readonly source: string;
}

/**
 * `count` jobcenter conversations in the first period (6 months): the first by its own ceiling if it
 * has one, the rest spread evenly so the last falls on the period end [F:S16 §31, RULES §4 step 4].
 */
export function planSpread(regime: RegimeId, period: CoursePeriod, out: Slot[], s: SpreadPlan): void {
  const end = period.clock.dayAt(s.period, 'down');
  let previous = period.anchor;
  let start = period.anchor;
  let remaining = s.count;
  const kind: SlotKind = { series: 'COURSE', type: s.type, accepts: s.accepts, heldBy: 'JOBCENTER' };
  if (s.firstBy !== null) {
    out.push({
      regime,
      ...kind,
      due: s.firstBy,
      from: period.anchor,
      to: s.firstBy,
      strictFrom: false,
      ordinalFirst: true,
      rule: s.firstRule,
      source: s.firstSource,
    });
    previous = start = s.firstBy;
    remaining--;
  }
  for (let j = 1; j <= remaining; j++) {
    const due = spreadEvenly(start, end, remaining, j);
    const to = due + s.postponeDays;
    out.push({
      regime,
      ...kind,
      due,
      from: previous,
      to: to < end ? to : end,
      strictFrom: false,
      rule: s.rule,
      source: s.source,
    });
    previous = due;
  }
}

export interface SicknessBenefitParameters {
  readonly firstFollowUpByEndOfWeek: Param<number>;
  readonly followUpsInPeriod: Param<number>;
  readonly period: Param<Duration>;
  readonly postponement: Param<Duration>;
}

/** Sygedagpenge: the first follow-up by the end of week n of absence, the rest spread over the period. */
export function planSicknessBenefit(
  regime: RegimeId,
  s: SicknessBenefitParameters,
  period: CoursePeriod,
  out: Slot[],
): void {
  const ids = RULE_IDS[regime];
  planSpread(regime, period, out, {
    count: s.followUpsInPeriod.value,
    period: s.period.value,
    postponeDays: calendarDays(s.postponement.value),
    firstBy: endOfWeek(period, s.firstFollowUpByEndOfWeek.value),
    type: 4,
    accepts: FOLLOW_UP_ONLY,
    firstRule: ids.sicknessFirst,
    firstSource: s.firstFollowUpByEndOfWeek.source,
    rule: ids.sickness,
    source: s.followUpsInPeriod.source,
  });
}

export interface OtherGroupsParameters {
  readonly conversationsInPeriod: Param<number>;
  readonly period: Param<Duration>;
  readonly postponement: Param<Duration>;
}

/** Jobafklaring, ressourceforløb, ledighedsydelse, revalidering: n conversations spread over the period. */
export function planOtherGroups(regime: RegimeId, o: OtherGroupsParameters, period: CoursePeriod, out: Slot[]): void {
  planSpread(regime, period, out, {
    count: o.conversationsInPeriod.value,
    period: o.period.value,
    postponeDays: calendarDays(o.postponement.value),
    firstBy: null,
    type: 7,
    accepts: period.group === 'FLEX_JOB_BENEFIT' ? JOB_ONLY : FOLLOW_UP_OR_JOB,
    firstRule: '',
    firstSource: '',
    rule: RULE_IDS[regime].otherGroups,
    source: o.conversationsInPeriod.source,
  });
}
