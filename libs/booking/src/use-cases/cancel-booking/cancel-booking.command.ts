import { CancellationReason, LegitimateCancellationReason } from '@selvbook/contracts';
import { Principal } from '@selvbook/platform';

export class CancelBookingCommand {
  constructor(
    readonly principal: Principal,
    readonly bookingId: string,
    /** default: CITIZEN_CANCELLED for a citizen, CANCELLED_BY_AUTHORITY for staff; REBOOKED is not allowed here */
    readonly reason?: CancellationReason,
    readonly legitimateReason?: LegitimateCancellationReason,
    readonly ifMatch?: string,
  ) {}
}
