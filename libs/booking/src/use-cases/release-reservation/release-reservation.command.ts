import { Principal } from '@selvbook/platform';

export class ReleaseReservationCommand {
  constructor(
    readonly principal: Principal,
    readonly reservationId: string,
  ) {}
}
