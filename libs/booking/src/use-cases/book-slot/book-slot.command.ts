import { Principal } from '@selvbook/platform';
import { BookingRequest } from '../shared/prepare-booking';

export class BookSlotCommand {
  constructor(
    readonly principal: Principal,
    readonly request: BookingRequest,
    /** a retried request with the same key (from the same caller) returns the first booking */
    readonly idempotencyKey?: string,
  ) {}
}
