import { Principal } from '@selvbook/platform';

export type AttendanceOutcome = 'HELD' | 'NO_SHOW';

export class RegisterAttendanceCommand {
  constructor(
    readonly principal: Principal,
    readonly bookingId: string,
    readonly outcome: AttendanceOutcome,
    readonly ifMatch?: string,
  ) {}
}
