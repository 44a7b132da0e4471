import { ConversationType } from '@selvbook/contracts';
import { Injectable } from '@nestjs/common';
import { DomainProblem } from '@selvbook/platform';
import { organisationOf } from '../../domain/actor';
import { bookingWindow } from '../../domain/booking-policy';
import { translateDbError } from '../../infrastructure/db-errors';
import { deadlineWithPolicy } from '../../infrastructure/deadline-store';
import { decodeCursor, encodeCursor, SlotView, slotView } from '../../infrastructure/rows';
import { OpenSlotSearch, policyOf, searchOpenSlots } from '../../infrastructure/slot-store';
import { BookingUseCase } from '../shared/booking-use-case';
import { SearchSlotsCommand } from './search-slots.command';

/** Conversation types the a-kasse holds itself (CV and availability conversations). */
const AKASSE_TYPES = new Set<number>([ConversationType.CV_CONVERSATION, ConversationType.AVAILABILITY_CONVERSATION]);

export const MAX_PAGE_SIZE = 100;

export interface SlotPage {
  items: SlotView[];
  nextCursor?: string;
  /** the window searched */
  window: { from: string; to: string };
}

/**
 * Free slots, in time order, with keyset pagination. For a citizen's deadline: the deadline's type, in
 * the citizen's own jobcenter (or a-kasse, or both for a joint conversation), from now + lead time until
 * the end of `latestMeetingDate` [RULES §5 "Booking window"].
 */
@Injectable()
export class SearchSlotsUseCase extends BookingUseCase {
  async execute(command: SearchSlotsCommand): Promise<SlotPage> {
    const { principal, search } = command;
    const now = this.clock.now();
    const limit = Math.min(Math.max(search.limit ?? 20, 1), MAX_PAGE_SIZE);
    const cursor = decodeCursor(search.cursor);

    let owner: OpenSlotSearch['owner'];
    let type: number | null = search.conversationType ?? null;
    // formats searched: the one asked for, narrowed to those the deadline's meeting may take [F:S16, S20]
    let formats: string[] | null = search.format ? [search.format] : null;
    let from = search.from ?? now;
    let to = search.to ?? new Date(now.getTime() + this.settings.defaultPolicy.maxAdvanceDays * 86_400_000);

    const pool = this.reads;
    if (search.deadlineId) {
      const deadline = await deadlineWithPolicy(pool, search.deadlineId, [...AKASSE_TYPES]).catch(translateDbError);
      if (!deadline) throw new DomainProblem(404, 'no such deadline', 'deadline-not-found');
      if (principal.role === 'citizen' && deadline.citizen_id !== principal.citizenId) {
        throw new DomainProblem(403, 'this deadline belongs to another citizen', 'forbidden-citizen');
      }
      if (principal.role === 'caseworker' && deadline.jobcenter_code !== principal.jobcenterCode) {
        throw new DomainProblem(
          403,
          'a caseworker acts only for citizens of their own jobcenter',
          'forbidden-organisation',
        );
      }
      if (principal.role === 'akasse' && deadline.akasse_id !== principal.akasseId) {
        throw new DomainProblem(403, 'an a-kasse acts only for its own members', 'forbidden-organisation');
      }
      if (deadline.status !== 'OPEN' && deadline.status !== 'FULFILLED') {
        throw new DomainProblem(409, `the deadline is ${deadline.status.toLowerCase()}`, 'deadline-not-open');
      }
      if (principal.role === 'citizen' && !deadline.can_self_book) {
        throw new DomainProblem(
          403,
          'the citizen is exempt from self-booking: the jobcenter summons',
          'cannot-self-book',
        );
      }
      type = deadline.conversation_type;
      if (deadline.meeting_formats)
        formats = (formats ?? deadline.meeting_formats).filter((f) => deadline.meeting_formats!.includes(f));
      let orgKind = 'JOBCENTER';
      let orgCode: string | null = deadline.jobcenter_code;
      if (type === ConversationType.JOINT_CONVERSATION) {
        if (!deadline.akasse_id)
          throw new DomainProblem(409, "a joint conversation needs the citizen's a-kasse", 'no-akasse');
        owner = { joint: true, jobcenterCode: deadline.jobcenter_code, akasseId: deadline.akasse_id };
      } else {
        if (AKASSE_TYPES.has(type)) {
          orgKind = 'AKASSE';
          orgCode = deadline.akasse_id;
          if (!orgCode) throw new DomainProblem(409, 'the citizen has no a-kasse', 'no-akasse');
        }
        owner = { joint: false, orgKind, orgCode };
      }
      const policy = policyOf(deadline.policy, this.settings.defaultPolicy);
      const window =
        principal.role === 'citizen'
          ? bookingWindow(policy, now, {
              deadlineDate: deadline.deadline_date,
              latestMeetingDate: deadline.latest_meeting_date,
            })
          : bookingWindow({ ...policy, minLeadMinutesBook: 0, maxAdvanceDays: 3650 }, now, {
              deadlineDate: '9999-12-31',
              latestMeetingDate: deadline.latest_meeting_date,
            });
      if (!window) return { items: [], window: { from: now.toISOString(), to: now.toISOString() } };
      from = search.from && search.from > window.from ? search.from : window.from;
      to = search.to && search.to < window.to ? search.to : window.to;
    } else {
      if (principal.role === 'citizen')
        throw new DomainProblem(
          400,
          'deadlineId is required: a citizen searches for one of their deadlines',
          'deadline-required',
        );
      const org = organisationOf(principal, search.organisation);
      owner = { joint: false, orgKind: org.kind, orgCode: org.code };
    }
    const rows = await searchOpenSlots(pool, {
      owner,
      from,
      to,
      conversationType: type,
      formats,
      location: search.location ?? null,
      after: cursor ?? null,
      limit: limit + 1,
    }).catch(translateDbError);
    // a slot offered for this meeting shows the formats it may take here
    const items = rows
      .slice(0, limit)
      .map((s) => slotView(formats ? { ...s, formats: s.formats.filter((f) => formats!.includes(f)) } : s));
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return {
      items,
      ...(last ? { nextCursor: encodeCursor({ at: new Date(last.starts_at).toISOString(), id: last.id }) } : {}),
      window: { from: from.toISOString(), to: to.toISOString() },
    };
  }
}
