/** Slots of a course period across regimes [RULES §0]. */
import { DayNumber } from '@selvbook/calendar';
import { NEVER } from '../clock/course-clock';
import { CoursePeriod, RulesRegime, Slot } from '../regimes/regime';

export function regimeIndexAt(regimes: readonly RulesRegime[], day: DayNumber): number {
  let i = 0;
  while (i + 1 < regimes.length && regimes[i + 1].inForceFrom <= day) i++;
  return i;
}

function bySlotDue(a: Slot, b: Slot): number {
  return a.due - b.due || (a.series === b.series ? 0 : a.series === 'COURSE' ? -1 : 1);
}

const scratch: Slot[] = [];
const credited = new Set<Slot>();

/** Is an earlier regime's joint conversation inside this joint's window (and not credited yet)? Marks it. */
function creditJoint(out: readonly Slot[], kept: number, joint: Slot): boolean {
  for (let k = 0; k < kept; k++) {
    const e = out[k];
    if (e.type !== 17 || e.regime === joint.regime || credited.has(e)) continue;
    if (e.from >= joint.from && e.to <= joint.to) {
      credited.add(e);
      return true;
    }
  }
  return false;
}

/**
 * Plans the period under the regime in force at its anchor; when its conversations reach a later
 * regime's start, that regime re-plans from its start date [RULES §0]. Sorted by due day.
 */
export function planAcrossRegimes(regimes: readonly RulesRegime[], first: number, period: CoursePeriod): Slot[] {
  const out: Slot[] = [];
  for (let i = first; i < regimes.length; i++) {
    scratch.length = 0;
    regimes[i].planCourse(period, scratch);
    const lower = i === first ? -Infinity : regimes[i].inForceFrom;
    const upper = i + 1 < regimes.length ? regimes[i + 1].inForceFrom : Infinity;
    let crosses = false;
    const kept = out.length;
    for (const s of scratch) {
      if (s.due >= NEVER) continue;
      if (s.due >= upper) crosses = true;
      else if (s.due >= lower) out.push(s.instead !== undefined && creditJoint(out, kept, s) ? s.instead : s);
    }
    if (!crosses) break;
  }
  scratch.length = 0;
  credited.clear();
  return out.sort(bySlotDue);
}
