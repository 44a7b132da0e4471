import { ConversationType } from '@selvbook/contracts';
import { ReadPool } from '@selvbook/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, DomainProblem } from '@selvbook/platform';
import { organisationOf } from '../../domain/actor';
import { bookingWindow } from '../../domain/booking-policy';
import { policyOf } from '../../infrastructure/booking-store';
import { translateDbError } from '../../infrastructure/db-errors';
import { decodeCursor, DeadlineRow, encodeCursor, PolicyRow, SlotRow, SlotView, slotView } from '../../infrastructure/rows';
import { BOOKING_SETTINGS, BookingSettings } from '../../infrastructure/settings';
import { SearchSlotsCommand } from './search-slots.command';

/** Conversation types the a-kasse holds itself (CV and availability conversations). */
const AKASSE_TYPES = new Set<number>([ConversationType.CV_CONVERSATION, ConversationType.AVAILABILITY_CONVERSATION]);

/**
 * A deadline and the booking policy of the organisation holding its conversation (the a-kasse for its own
 * types, else the jobcenter; a joint conversation's policy is the jobcenter's), in one round trip.
 */
const DEADLINE_WITH_POLICY = `
  SELECT d.deadline_id, d.citizen_id, d.jobcenter_code, d.akasse_id, d.conversation_type, d.deadline_date::text, d.latest_meeting_date::text,
         d.can_self_book, d.status, d.meeting_formats, row_to_json(p) AS policy
    FROM deadline d
    LEFT JOIN LATERAL (
      SELECT * FROM booking_policy p
       WHERE p.org_kind = CASE WHEN d.conversation_type = ANY ($2::int[]) THEN 'AKASSE' ELSE 'JOBCENTER' END
         AND p.org_code = CASE WHEN d.conversation_type = ANY ($2::int[]) THEN d.akasse_id ELSE d.jobcenter_code END
         AND p.conversation_type IN (0, d.conversation_type)
       ORDER BY p.conversation_type DESC LIMIT 1) p ON true
   WHERE d.deadline_id = $1`;

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
export class SearchSlotsUseCase {
  constructor(
    private readonly reads: ReadPool,
    private readonly clock: Clock,
    @Inject(BOOKING_SETTINGS) private readonly settings: BookingSettings,
  ) {}

  async execute(command: SearchSlotsCommand): Promise<SlotPage> {
    const { principal, search } = command;
    const now = this.clock.now();
    const limit = Math.min(Math.max(search.limit ?? 20, 1), MAX_PAGE_SIZE);
    const cursor = decodeCursor(search.cursor);

    let where: string;
    const params: unknown[] = [];
    let type: number | null = search.conversationType ?? null;
    // formats searched: the one asked for, narrowed to those the deadline's meeting may take [F:S16, S20]
    let formats: string[] | null = search.format ? [search.format] : null;
    let from = search.from ?? now;
    let to = search.to ?? new Date(now.getTime() + this.settings.defaultPolicy.maxAdvanceDays * 86_400_000);

    const pool = this.reads;
    if (search.deadlineId) {
      const { rows: found } = await pool
        .query<DeadlineRow & { policy: PolicyRow | null }>({ name: 'search-deadline', text: DEADLINE_WITH_POLICY, values: [search.deadlineId, [...AKASSE_TYPES]] })
        .catch(translateDbError);
      const [deadline] = found;
      if (!deadline) throw new DomainProblem(404, 'no such deadline', 'deadline-not-found');
      if (principal.role === 'citizen' && deadline.citizen_id !== principal.citizenId) {
        throw new DomainProblem(403, 'this deadline belongs to another citizen', 'forbidden-citizen');
      }
      if (principal.role === 'caseworker' && deadline.jobcenter_code !== principal.jobcenterCode) {
        throw new DomainProblem(403, 'a caseworker acts only for citizens of their own jobcenter', 'forbidden-organisation');
      }
      if (principal.role === 'akasse' && deadline.akasse_id !== principal.akasseId) {
        throw new DomainProblem(403, 'an a-kasse acts only for its own members', 'forbidden-organisation');
      }
      if (deadline.status !== 'OPEN' && deadline.status !== 'FULFILLED') {
        throw new DomainProblem(409, `the deadline is ${deadline.status.toLowerCase()}`, 'deadline-not-open');
      }
      if (principal.role === 'citizen' && !deadline.can_self_book) {
        throw new DomainProblem(403, 'the citizen is exempt from self-booking: the jobcenter summons', 'cannot-self-book');
      }
      type = deadline.conversation_type;
      if (deadline.meeting_formats) formats = (formats ?? deadline.meeting_formats).filter((f) => deadline.meeting_formats!.includes(f));
      let orgKind = 'JOBCENTER';
      let orgCode: string | null = deadline.jobcenter_code;
      if (type === ConversationType.JOINT_CONVERSATION) {
        if (!deadline.akasse_id) throw new DomainProblem(409, 'a joint conversation needs the citizen\'s a-kasse', 'no-akasse');
        params.push(deadline.jobcenter_code, deadline.akasse_id);
        where = `s.joint AND s.jobcenter_code = $1 AND s.akasse_id = $2`;
      } else {
        if (AKASSE_TYPES.has(type)) {
          orgKind = 'AKASSE';
          orgCode = deadline.akasse_id;
          if (!orgCode) throw new DomainProblem(409, 'the citizen has no a-kasse', 'no-akasse');
        }
        params.push(orgKind, orgCode);
        where = `s.org_kind = $1 AND s.org_code = $2`;
      }
      const policy = policyOf(deadline.policy, this.settings.defaultPolicy);
      const window =
        principal.role === 'citizen'
          ? bookingWindow(policy, now, { deadlineDate: deadline.deadline_date, latestMeetingDate: deadline.latest_meeting_date })
          : bookingWindow({ ...policy, minLeadMinutesBook: 0, maxAdvanceDays: 3650 }, now, { deadlineDate: '9999-12-31', latestMeetingDate: deadline.latest_meeting_date });
      if (!window) return { items: [], window: { from: now.toISOString(), to: now.toISOString() } };
      from = search.from && search.from > window.from ? search.from : window.from;
      to = search.to && search.to < window.to ? search.to : window.to;
    } else {
      if (principal.role === 'citizen') throw new DomainProblem(400, 'deadlineId is required: a citizen searches for one of their deadlines', 'deadline-required');
      const org = organisationOf(principal, search.organisation);
      params.push(org.kind, org.code);
      where = `s.org_kind = $1 AND s.org_code = $2`;
    }
    params.push(from, to, type, formats, search.location ? `%${search.location.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null);
    let keyset = '';
    if (cursor) {
      params.push(cursor.at, cursor.id);
      keyset = `AND (s.starts_at, s.id) > ($8::timestamptz, $9::uuid)`;
    }
    params.push(limit + 1);
    const { rows } = await pool.query<{ s: SlotRow }>({
      // prepared once per connection for each shape of the query
      name: `search-slots-${where.startsWith('s.joint') ? 'joint' : 'org'}${cursor ? '-after' : ''}`,
      text: `SELECT to_jsonb(s) AS s FROM slot s
        WHERE ${where} AND s.status = 'OPEN' AND s.seats_taken < s.capacity
          AND s.starts_at >= $3 AND s.starts_at < $4
          AND ($5::int IS NULL OR $5::int = ANY (s.conversation_types))
          AND ($6::text[] IS NULL OR s.formats && $6::text[])
          AND ($7::text IS NULL OR s.location ILIKE $7::text)
          ${keyset}
        ORDER BY s.starts_at, s.id
        LIMIT $${params.length}`,
      values: params,
    }).catch(translateDbError);
    // a slot offered for this meeting shows the formats it may take here
    const items = rows.slice(0, limit).map((r) => slotView(formats ? { ...r.s, formats: r.s.formats.filter((f) => formats!.includes(f)) } : r.s));
    const last = rows.length > limit ? rows[limit - 1].s : undefined;
    return {
      items,
      ...(last ? { nextCursor: encodeCursor({ at: new Date(last.starts_at).toISOString(), id: last.id }) } : {}),
      window: { from: from.toISOString(), to: to.toISOString() },
    };
  }
}
