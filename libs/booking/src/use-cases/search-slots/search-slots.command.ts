import { Principal } from '@selvbook/platform';
import { OrgKind } from '../../domain/actor';

export interface SlotSearch {
  /** a citizen searches for one of their open deadlines */
  deadlineId?: string;
  /** staff without a deadline: which type (default any) */
  conversationType?: number;
  format?: string;
  /** part of the location text, case-insensitive */
  location?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  cursor?: string;
  /** system only */
  organisation?: { kind?: OrgKind; code?: string };
}

export class SearchSlotsCommand {
  constructor(
    readonly principal: Principal,
    readonly search: SlotSearch,
  ) {}
}
