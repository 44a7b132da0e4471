import { Principal } from '@selvbook/platform';

export class MoveSlotCommand {
  constructor(
    readonly principal: Principal,
    readonly slotId: string,
    readonly startsAt: Date,
    readonly endsAt: Date,
  ) {}
}
