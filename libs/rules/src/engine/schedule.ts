/** Guiding dates, windows, statuses, numbering and the booking-deadline need of each slot. */
import { DayNumber, WorkingDayCalendar, fromDayNumber } from '@selvbook/calendar';
import { NEVER } from '../clock/course-clock';
import {
  ConversationSeries,
  ConversationStatus,
  RegimeId,
  ScheduledConversation,
  SummonsReason,
} from '../model/contact-course';
import { maskHas } from '../model/conversation-type';
import { ExemptionParameters, SelfBookingDeadlineParameters } from '../parameters';
import { CoursePeriod, RulesRegime, Slot } from '../regimes/regime';
import { isCovered, sicknessDutyFreeDays } from './exemptions';
import { NormalizedProfile } from './normalize';

/** The part of a calendar the schedule needs (a no-op one when dates are kept as they are). */
export type DayRoller = Pick<WorkingDayCalendar, 'previousWorkingDayNumber' | 'nextWorkingDayNumber'>;

export const KEEP_DATES: DayRoller = {
  previousWorkingDayNumber: (day: DayNumber) => day,
  nextWorkingDayNumber: (day: DayNumber) => day,
};

function startOf(regimes: readonly RulesRegime[], id: RegimeId): DayNumber {
  for (let r = 0; r < regimes.length; r++) if (regimes[r].id === id) return regimes[r].inForceFrom;
  return -Infinity;
}

/** Held ones first by date, then the rest by guiding date: two held → the next is no. 3 [F:S4]. */
function byHeldThenGuiding(a: Finalized, b: Finalized): number {
  const ah = a.heldAt === a.heldAt;
  const bh = b.heldAt === b.heldAt;
  if (ah !== bh) return ah ? -1 : 1;
  return ah ? a.heldAt - b.heldAt : a.guiding - b.guiding || a.slot.due - b.slot.due;
}

interface Finalized {
  slot: Slot;
  guiding: DayNumber;
  from: DayNumber;
  to: DayNumber;
  heldAt: DayNumber;
}

export function scheduleConversations(
  slots: readonly Slot[],
  heldAt: readonly number[],
  p: NormalizedProfile,
  period: CoursePeriod,
  now: DayNumber,
  calendar: DayRoller,
  regimes: readonly RulesRegime[],
  ex: ExemptionParameters,
  deadlines: SelfBookingDeadlineParameters,
): ScheduledConversation[] {
  const sicknessDays = sicknessDutyFreeDays(period.group, ex);
  // The shortest lawful deadline, counted from the first day the conversation can be asked for [F:S5].
  const minimumDeadline = deadlines.groupsWithoutMinimum.value.includes(period.group)
    ? 0
    : deadlines.minimumDeadlineDays.value;
  const course: Finalized[] = [];
  const akasse: Finalized[] = [];
  for (let j = 0; j < slots.length; j++) {
    const s = slots[j];
    // A guiding date on a non-working day moves back so the legal ceiling is never exceeded [I: RULES §4.5].
    // A ceiling the clock never reaches (it stalls on a future change of group) falls back to the due day.
    const rawTo = s.to >= NEVER ? s.due : s.to;
    // Moving back must not leave the regime that produced the slot: its holder and type are lawful only from that
    // regime's start (a due day on 1 January 2024 moved to December 2023 would be an R2024 a-kasse conversation in
    // R2020's time), so a date that would fall before it moves forward to the regime's first working day [I].
    const regimeStart = startOf(regimes, s.regime);
    const firstLawful = calendar.nextWorkingDayNumber(regimeStart);
    let to = calendar.previousWorkingDayNumber(rawTo);
    if (to < regimeStart && rawTo >= regimeStart) to = firstLawful;
    const from = calendar.nextWorkingDayNumber(s.from < rawTo ? s.from : rawTo);
    let guiding = calendar.previousWorkingDayNumber(s.due < rawTo ? s.due : rawTo);
    if (guiding < regimeStart && s.due >= regimeStart) guiding = firstLawful;
    if (guiding < from) guiding = from;
    if (guiding > to) guiding = to;
    const f: Finalized = { slot: s, guiding, from: from < guiding ? from : guiding, to, heldAt: heldAt[j] };
    (s.series === 'COURSE' ? course : akasse).push(f);
  }
  const out: ScheduledConversation[] = [];
  for (let k = 0; k < 2; k++) {
    const series: ConversationSeries = k === 0 ? 'COURSE' : 'AKASSE';
    const list = k === 0 ? course : akasse;
    if (list.length > 1) list.sort(byHeldThenGuiding);
    for (let i = 0; i < list.length; i++) {
      out.push(toConversation(list[i], i + 1, series, p, period, now, regimes, ex, sicknessDays, minimumDeadline));
    }
  }
  return out;
}

function toConversation(
  f: Finalized,
  number: number,
  series: ConversationSeries,
  p: NormalizedProfile,
  period: CoursePeriod,
  now: DayNumber,
  regimes: readonly RulesRegime[],
  ex: ExemptionParameters,
  sicknessDays: number,
  minimumDeadline: number,
): ScheduledConversation {
  const s = f.slot;
  const held = f.heldAt === f.heldAt;
  let status: ConversationStatus;
  if (held) status = 'HELD';
  else if (isCovered(p, ex.dutySuspendingKinds.value, f.guiding, sicknessDays)) status = 'SUSPENDED';
  else if (now > f.to) status = 'OVERDUE';
  else if (now >= f.from) status = 'DUE';
  else status = 'UPCOMING';

  let needsBookingDeadline = false;
  if ((status === 'DUE' || status === 'UPCOMING') && s.heldBy !== 'AKASSE') {
    let regime = regimes[0];
    for (let r = 1; r < regimes.length; r++) if (regimes[r].id === s.regime) regime = regimes[r];
    needsBookingDeadline =
      maskHas(regime.selfBookableTypes(period.group, f.guiding), s.type) &&
      !isCovered(p, ex.summonsKinds.value, f.guiding) &&
      !isCovered(p, ex.noJobcenterDeadlineKinds.value, f.guiding);
  }
  // A deadline issued on the window's first day would end after the window's last lawful day: no self-booking
  // deadline can be lawful, so the jobcenter arranges the meeting (summons) [F:S5, F:S16 §31 stk. 5].
  let summonsReason: SummonsReason | null = null;
  if (needsBookingDeadline && f.from + minimumDeadline > f.to) {
    needsBookingDeadline = false;
    summonsReason = 'WINDOW_SHORTER_THAN_MINIMUM_DEADLINE';
  }

  return {
    number,
    series,
    type: s.type,
    heldBy: s.heldBy,
    regime: s.regime,
    guidingDate: fromDayNumber(f.guiding),
    window: { from: fromDayNumber(f.from), to: fromDayNumber(f.to) },
    status,
    heldAt: held ? fromDayNumber(f.heldAt) : null,
    needsBookingDeadline,
    summonsReason,
    rule: s.rule,
    source: s.source,
  };
}
