import { Principal } from '@selvbook/platform';

export class GetBookingCommand {
  constructor(
    readonly principal: Principal,
    readonly bookingId: string,
  ) {}
}

export class ListBookingsCommand {
  constructor(
    readonly principal: Principal,
    /** a citizen: defaults to themself; staff: required */
    readonly citizenId?: string,
    readonly status?: string,
    readonly limit = 20,
    readonly cursor?: string,
  ) {}
}
