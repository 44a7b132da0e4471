/** Exemption look-ups (RULES §4 step 6, §5). */
import { DayNumber } from '@selvbook/calendar';
import { ContactGroup } from '../model/contact-group';
import { ExemptionParameters } from '../parameters';
import { NormalizedProfile } from './normalize';

/** Days of a registered sickness that free the citizen from the duty [F:S8 §20 stk. 4; I]. */
export function sicknessDutyFreeDays(group: ContactGroup, ex: ExemptionParameters): number {
  return group === 'UNEMPLOYMENT_BENEFIT' ? ex.unemploymentBenefitSicknessDays.value : ex.otherGroupsSicknessDays.value;
}

/** Last day of an exemption of one of `kinds` covering `day` (Infinity if open-ended), or null. */
export function exemptionEndCovering(
  p: NormalizedProfile,
  kinds: readonly string[],
  day: DayNumber,
  sicknessDays: number,
): number | null {
  for (let i = 0; i < p.exemptionKind.length; i++) {
    const kind = p.exemptionKind[i];
    if (!kinds.includes(kind)) continue;
    let to = p.exemptionTo[i];
    if (kind === 'SICKNESS' && p.exemptionFrom[i] + sicknessDays - 1 < to) to = p.exemptionFrom[i] + sicknessDays - 1;
    if (day >= p.exemptionFrom[i] && day <= to) return to;
  }
  return null;
}

export function isCovered(
  p: NormalizedProfile,
  kinds: readonly string[],
  day: DayNumber,
  sicknessDays = Infinity,
): boolean {
  return p.exemptionKind.length > 0 && exemptionEndCovering(p, kinds, day, sicknessDays) !== null;
}
