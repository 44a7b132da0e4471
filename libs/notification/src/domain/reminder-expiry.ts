import { compareLocalDates, localDateOf } from '@selvbook/calendar';
import { NotificationKind } from '@selvbook/contracts';
import type { NotificationFacts } from './templates';

/**
 * Whether a reminder has come too late to remind of anything: its meeting has begun, or its deadline day
 * (Europe/Copenhagen) is over. A runner that was down, or a clock that jumped, would otherwise send "your
 * meeting is tomorrow" after the meeting. On the deadline day itself a deadline reminder still serves.
 * Other messages (receipts, deadlines given, a missed deadline) inform whenever they arrive.
 */
export function reminderExpired(kind: NotificationKind, facts: NotificationFacts, asOf: Date): boolean {
  if (kind === NotificationKind.MEETING_REMINDER)
    return facts.startsAt !== undefined && asOf.getTime() >= Date.parse(facts.startsAt);
  if (kind === NotificationKind.DEADLINE_REMINDER)
    return facts.deadlineDate !== undefined && compareLocalDates(localDateOf(asOf), facts.deadlineDate) > 0;
  return false;
}
