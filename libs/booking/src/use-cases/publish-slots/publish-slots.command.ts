import { Principal } from '@selvbook/platform';

/** What every slot of one publication shares. */
export interface SlotAttributes {
  conversationTypes: number[];
  formats: string[];
  capacity: number;
  /** default: the calendar's default location */
  location?: string;
  /** fælles samtale: a jobcenter and an a-kasse participant */
  joint?: boolean;
  /**
   * the a-kasse participant of a joint slot (a jobcenter calendar), or the jobcenter participant (an a-kasse calendar)
   */
  partner?: string;
}

export class PublishSlotsCommand {
  constructor(
    readonly principal: Principal,
    readonly calendarId: string,
    readonly attributes: SlotAttributes,
    readonly times: { startsAt: Date; endsAt: Date }[],
    /** true: a time that overlaps an existing slot of the calendar is skipped (template runs); false: 409 */
    readonly skipOverlaps = false,
  ) {}
}
