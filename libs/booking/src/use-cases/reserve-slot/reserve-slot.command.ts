import { Principal } from '@selvbook/platform';
import { BookingRequest } from '../shared/prepare-booking';

export class ReserveSlotCommand {
  constructor(
    readonly principal: Principal,
    readonly request: BookingRequest,
    readonly idempotencyKey?: string,
  ) {}
}
