import { Principal } from '@selvbook/platform';
import { OrgKind } from '../../domain/actor';
import { BookingPolicy } from '../../domain/booking-policy';

export class SetBookingPolicyCommand {
  constructor(
    readonly principal: Principal,
    /** 0: the organisation's default for every conversation type */
    readonly conversationType: number,
    readonly policy: BookingPolicy,
    readonly organisation?: { kind?: OrgKind; code?: string },
  ) {}
}
