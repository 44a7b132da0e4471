import { Principal } from '@selvbook/platform';

export class ConfirmReservationCommand {
  constructor(
    readonly principal: Principal,
    readonly reservationId: string,
  ) {}
}
