import { DayNumber } from '@selvbook/calendar';
import { NEVER } from '../clock/course-clock';
import { maskHas } from '../model/conversation-type';
import { Slot } from '../regimes/regime';
import { NormalizedProfile } from './normalize';

/**
 * Held conversations since the anchor fill slots in date order, whatever the group was when they were
 * held [F:S4]; early ones count [F:S10]. Each picks, among open slots that accept its type, whose
 * fixed window has begun and whose ceiling has not passed: an open "first conversation" slot (the first
 * held is the first, even late), else one of its own type whose window contains it, then the next one of
 * its own type, then any. A conversation held after a slot's ceiling never fills that slot: a postponement
 * does not move the next due date [F:S10], so a late one counts for the slot whose window it is in.
 * A fixed preference keeps "one more held conversation never un-fills a slot".
 */
export function matchHeldConversations(slots: readonly Slot[], p: NormalizedProfile, anchor: DayNumber): number[] {
  const heldAt: number[] = new Array(slots.length).fill(NaN);
  for (let h = 0; h < p.heldDay.length; h++) {
    const day = p.heldDay[h];
    if (day < anchor) continue;
    const type = p.heldType[h];
    let inWindow = -1;
    let sameType = -1;
    let any = -1;
    for (let j = 0; j < slots.length; j++) {
      if (heldAt[j] === heldAt[j]) continue;
      const s = slots[j];
      if (!maskHas(s.accepts, type) || (s.strictFrom && day < s.from)) continue;
      if (s.ordinalFirst === true && day >= s.from) {
        inWindow = j;
        break;
      }
      if (day > (s.to >= NEVER ? s.due : s.to)) continue;
      if (s.type === type) {
        if (day >= s.from && day <= s.to) {
          inWindow = j;
          break;
        }
        if (sameType < 0) sameType = j;
      } else if (any < 0) any = j;
    }
    const j = inWindow >= 0 ? inWindow : sameType >= 0 ? sameType : any;
    if (j >= 0) heldAt[j] = day;
  }
  return heldAt;
}
