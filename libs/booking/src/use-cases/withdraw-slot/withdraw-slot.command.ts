import { Principal } from '@selvbook/platform';

export class WithdrawSlotCommand {
  constructor(
    readonly principal: Principal,
    readonly slotId: string,
  ) {}
}
