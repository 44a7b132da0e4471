import { Principal } from '@selvbook/platform';

export class RebookBookingCommand {
  constructor(
    readonly principal: Principal,
    readonly bookingId: string,
    readonly newSlotId: string,
    readonly format?: string,
    readonly ifMatch?: string,
  ) {}
}
