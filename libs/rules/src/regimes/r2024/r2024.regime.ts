/** R2024 rule module: a new dagpenge course; everything else delegates to the R2020 planning. */
import { NEVER } from '../../clock/course-clock';
import { typeMask } from '../../model/conversation-type';
import { CoursePeriod, JOBCENTER_CONVERSATION, RulesRegime, Slot } from '../regime';
import { createR2020FamilyRegime, planJointAtLatest } from '../r2020/r2020.regime';
import { calendarDays, firstDayOfNextMonth } from '../shared-planners';
import { R2024Parameters, R2024_PARAMETERS } from './r2024.parameters';

/** Any conversation the a-kasse registers counts in its phase [I]. */
const AKASSE_PHASE_ACCEPTS = typeMask(7, 10, 15, 17);

/**
 * Dagpenge: the a-kasse holds 3 conversations until the hand-over, which happens at the end of the
 * month in which paid hours pass 410; the jobcenter holds 3 from then until 6 months [F:S14,S33].
 */
function planUnemploymentBenefit(p: R2024Parameters, period: CoursePeriod, out: Slot[]): void {
  const R = 'R2024';
  const u = p.unemploymentBenefit;
  const c = period.clock;
  const handoverHours = period.insuredPartTime ? u.handoverHoursPartTime : u.handoverHoursFullTime;
  const handover = firstDayOfNextMonth(c.dayAt(handoverHours.value));
  const end = c.dayAt(u.period.value, 'down');
  const postpone = calendarDays(u.postponement.value);
  let previous = period.anchor;
  for (const at of u.akasseConversationsAt.value) {
    const raw = c.dayAt(at);
    if (raw >= NEVER) return;
    const ceiling = Math.min(raw + postpone, handover - 1);
    const due = Math.min(raw, ceiling);
    out.push({
      regime: R,
      series: 'COURSE',
      type: u.akasseConversationType.value,
      accepts: AKASSE_PHASE_ACCEPTS,
      heldBy: 'AKASSE',
      due,
      from: previous,
      to: ceiling,
      strictFrom: false,
      rule: 'R2024.UNEMPLOYMENT_BENEFIT.AKASSE_PHASE',
      source: u.akasseConversationsAt.source,
    });
    previous = due;
  }
  for (const at of u.jobcenterConversationsAt.value) {
    const raw = c.dayAt(at);
    if (raw >= NEVER || handover >= NEVER) return;
    const due = Math.max(raw, handover);
    const to = Math.max(due, Math.min(due + postpone, end));
    out.push({
      regime: R,
      ...JOBCENTER_CONVERSATION,
      due,
      from: Math.max(previous, handover),
      to,
      strictFrom: false,
      rule: 'R2024.UNEMPLOYMENT_BENEFIT.JOBCENTER_PHASE',
      source: u.jobcenterConversationsAt.source,
    });
    previous = due;
  }
  planJointAtLatest(R, period, u.jointAtLatest, end, out);
}

export function createR2024Regime(p: R2024Parameters = R2024_PARAMETERS): RulesRegime {
  return createR2020FamilyRegime('R2024', p, p.otherGroups, (period, out) => planUnemploymentBenefit(p, period, out));
}

export const R2024: RulesRegime = createR2024Regime();
