import { Principal } from '@selvbook/platform';
import { OrgKind } from '../../domain/actor';

export class SetClosingDaysCommand {
  constructor(
    readonly principal: Principal,
    /** local dates (YYYY-MM-DD) the organisation is closed beyond public holidays: 5 June, 24 and 31 December, … */
    readonly closingDays: string[],
    readonly organisation?: { kind?: OrgKind; code?: string },
  ) {}
}
