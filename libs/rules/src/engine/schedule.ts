/** Guiding dates, windows, statuses, numbering and the booking-deadline need of each slot. */
import { DayNumber, WorkingDayCalendar, fromDayNumber } from '@selvbook/calendar';
import { NEVER } from '../clock/course-clock';
import { ConversationSeries, ConversationStatus, ScheduledConversation } from '../model/contact-course';
import { maskHas } from '../model/conversation-type';
import { ExemptionParameters } from '../parameters';
import { CoursePeriod, RulesRegime, Slot } from '../regimes/regime';
import { isCovered, sicknessDutyFreeDays } from './exemptions';
import { NormalizedProfile } from './normalize';

/** The part of a calendar the schedule needs (a no-op one when dates are kept as they are). */
export type DayRoller = Pick<WorkingDayCalendar, 'previousWorkingDayNumber' | 'nextWorkingDayNumber'>;

export const KEEP_DATES: DayRoller = {
  previousWorkingDayNumber: (day: DayNumber) => day,
  nextWorkingDayNumber: (day: DayNumber) => day,
};

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
): ScheduledConversation[] {
  const sicknessDays = sicknessDutyFreeDays(period.group, ex);
  const course: Finalized[] = [];
  const akasse: Finalized[] = [];
  for (let j = 0; j < slots.length; j++) {
    const s = slots[j];
    // A guiding date on a non-working day moves back so the legal ceiling is never exceeded [I: RULES §4.5].
    // A ceiling the clock never reaches (it stalls on a future change of group) falls back to the due day.
    const rawTo = s.to >= NEVER ? s.due : s.to;
    const to = calendar.previousWorkingDayNumber(rawTo);
    const from = calendar.nextWorkingDayNumber(s.from < rawTo ? s.from : rawTo);
    let guiding = calendar.previousWorkingDayNumber(s.due < rawTo ? s.due : rawTo);
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
      out.push(toConversation(list[i], i + 1, series, p, period, now, regimes, ex, sicknessDays));
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
    rule: s.rule,
    source: s.source,
  };
}
