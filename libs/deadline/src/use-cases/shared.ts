import { endOfLocalDay } from '@selvbook/calendar';

/** A fulfilled deadline closes when its meeting day is over (RULES §5 lifecycle, edge case 6). */
export function meetingDayEnd(meetingDate: string): Date {
  return endOfLocalDay(meetingDate);
}
