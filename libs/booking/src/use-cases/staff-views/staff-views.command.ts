import { Principal } from '@selvbook/platform';

export class ListCalendarsCommand {
  constructor(
    readonly principal: Principal,
    /** system only: whose calendars (else every organisation's); staff may name only their own */
    readonly organisation: { jobcenterCode?: string; akasseId?: string } = {},
  ) {}
}

export class CalendarSlotsCommand {
  constructor(
    readonly principal: Principal,
    readonly calendarId: string,
    readonly from: Date,
    readonly to: Date,
    readonly filter: { conversationType?: number; format?: string; location?: string } = {},
  ) {}
}

export class CalendarBookingsCommand {
  constructor(
    readonly principal: Principal,
    readonly calendarId: string,
    readonly from: Date,
    readonly to: Date,
    readonly limit = 50,
    readonly cursor?: string,
  ) {}
}
