import { Principal } from '@selvbook/platform';
import { OrgKind } from '../../domain/actor';

export class CreateCalendarCommand {
  constructor(
    readonly principal: Principal,
    readonly name: string,
    readonly defaultLocation?: string,
    /** system only: whose calendar */
    readonly organisation?: { kind?: OrgKind; code?: string },
  ) {}
}
