import { Injectable } from '@nestjs/common';
import { DomainProblem, Principal } from '@selvbook/platform';
import { ReadPool } from '@selvbook/persistence';
import { OrgKind, ownsCalendar } from '../../domain/actor';
import {
  calendarBookings,
  CalendarSlotRow,
  calendarSlots,
  calendarSlotsDigest,
  findCalendar,
  JointOf,
  listCalendars,
  takesPartIn,
} from '../../infrastructure/calendar-views.store';
import { translateDbError } from '../../infrastructure/db-errors';
import {
  BookingView,
  bookingView,
  CalendarRow,
  decodeCursor,
  encodeCursor,
  iso,
  SlotView,
  slotView,
} from '../../infrastructure/rows';
import { BookingUseCase } from '../shared/booking-use-case';
import { RenderedJson, RenderedViews } from './rendered-views';
import { CalendarBookingsCommand, CalendarSlotsCommand, ListCalendarsCommand } from './staff-views.command';

/** A day or week view; a month at most, so one answer stays one page. */
export const MAX_SLOT_WINDOW_DAYS = 31;
/** Bookings are paginated; the window still has an end so a request cannot ask for every year at once. */
export const MAX_BOOKING_WINDOW_DAYS = 366;
export const MAX_BOOKINGS_PAGE = 100;
/** Rendered week views a replica keeps (a 500-slot week is ≈ 260,000 characters). */
const RENDERED_VIEWS_BYTES = 16_000_000; // bodies; their gzips add about a tenth

export interface CalendarView {
  id: string;
  name: string;
  defaultLocation?: string;
  organisation: { kind: OrgKind; code: string };
}

export function calendarView(row: CalendarRow): CalendarView {
  return {
    id: row.id,
    name: row.name,
    ...(row.default_location ? { defaultLocation: row.default_location } : {}),
    organisation: { kind: row.org_kind, code: row.org_code },
  };
}

/**
 * A slot's state for staff: WITHDRAWN; BOOKED when bookings fill every seat; RESERVED when reservations not
 * lapsed yet take the remaining seats; FREE while a seat can still be booked (a group slot with some seats
 * booked is FREE and lists its bookings).
 */
export type SlotState = 'FREE' | 'RESERVED' | 'BOOKED' | 'WITHDRAWN';

export function slotState(
  row: Pick<CalendarSlotRow, 'bookings' | 'held'> & { s: { status: string; capacity: number } },
): SlotState {
  if (row.s.status === 'WITHDRAWN') return 'WITHDRAWN';
  const booked = row.bookings.length;
  if (booked >= row.s.capacity) return 'BOOKED';
  if (booked + row.held >= row.s.capacity) return 'RESERVED';
  return 'FREE';
}

export interface StaffSlotBooking {
  bookingId: string;
  citizenId: string;
  conversationType: number;
  format: string;
  status: BookingView['status'];
  bookedBy: string;
  selfBooked: boolean;
}

export type StaffSlotView = SlotView & { state: SlotState; bookings: StaffSlotBooking[] };

/** The participant side of joint slots a staff principal takes part in (null for system). */
function jointSideOf(principal: Principal): JointOf | null {
  if (principal.role === 'caseworker') return { column: 'jobcenter_code', code: principal.jobcenterCode! };
  if (principal.role === 'akasse') return { column: 'akasse_id', code: principal.akasseId! };
  return null;
}

/**
 * The organisation whose calendars to list: staff their own (naming another is 403); system the one it names, or all.
 */
function listedOrganisation(
  principal: Principal,
  requested: ListCalendarsCommand['organisation'],
): { kind: OrgKind; code: string } | null {
  const { jobcenterCode, akasseId } = requested;
  if (jobcenterCode && akasseId)
    throw new DomainProblem(400, 'name either jobcenterCode or akasseId, not both', 'organisation-ambiguous');
  if (principal.role === 'caseworker') {
    if (akasseId || (jobcenterCode && jobcenterCode !== principal.jobcenterCode)) {
      throw new DomainProblem(403, "a caseworker sees only their own jobcenter's calendars", 'forbidden-organisation');
    }
    return { kind: 'JOBCENTER', code: principal.jobcenterCode! };
  }
  if (principal.role === 'akasse') {
    if (jobcenterCode || (akasseId && akasseId !== principal.akasseId)) {
      throw new DomainProblem(403, 'an a-kasse sees only its own calendars', 'forbidden-organisation');
    }
    return { kind: 'AKASSE', code: principal.akasseId! };
  }
  if (principal.role === 'system') {
    if (jobcenterCode) return { kind: 'JOBCENTER', code: jobcenterCode };
    if (akasseId) return { kind: 'AKASSE', code: akasseId };
    return null;
  }
  throw new DomainProblem(403, 'citizens do not see calendars', 'forbidden');
}

/**
 * A calendar as this principal may see it: its own organisation's (every slot), or another's in which it
 * takes part in joint meetings (only those slots: `joint`); 404 for no such calendar, 403 for any other.
 */
/**
 * Calendars as read, by id: a calendar is never changed or deleted once created (no statement updates its row),
 * so a replica keeps what it read and a refreshed week view asks the database one question, not two. Bounded;
 * when full, it starts afresh.
 */
const knownCalendars = new Map<string, CalendarRow>();
const KNOWN_CALENDARS_MAX = 10_000;

async function calendarById(reads: ReadPool, calendarId: string): Promise<CalendarRow | null> {
  const known = knownCalendars.get(calendarId);
  if (known) return known;
  const calendar = await findCalendar(reads, calendarId);
  if (!calendar) return null; // not kept: an unknown id says nothing of later
  if (knownCalendars.size >= KNOWN_CALENDARS_MAX) knownCalendars.clear();
  knownCalendars.set(calendarId, calendar);
  return calendar;
}

async function calendarInView(
  reads: ReadPool,
  principal: Principal,
  calendarId: string,
): Promise<{ calendar: CalendarRow; joint: JointOf | null }> {
  const calendar = await calendarById(reads, calendarId);
  if (!calendar) throw new DomainProblem(404, 'no such calendar', 'calendar-not-found');
  if (ownsCalendar(principal, calendar)) return { calendar, joint: null };
  const side = jointSideOf(principal);
  if (side && (await takesPartIn(reads, calendarId, side))) return { calendar, joint: side };
  throw new DomainProblem(403, 'this calendar belongs to another organisation', 'forbidden-organisation');
}

function checkWindow(from: Date, to: Date, maxDays: number): void {
  if (to.getTime() <= from.getTime()) throw new DomainProblem(400, 'to must be after from', 'invalid-window');
  if (to.getTime() - from.getTime() > maxDays * 86_400_000) {
    throw new DomainProblem(400, `the window may span at most ${maxDays} days`, 'window-too-long');
  }
}

/** The calendars an organisation owns, and those of the joint meetings it takes part in. */
@Injectable()
export class ListCalendarsUseCase extends BookingUseCase {
  async execute(command: ListCalendarsCommand): Promise<CalendarView[]> {
    const org = listedOrganisation(command.principal, command.organisation);
    const side: JointOf | null = org
      ? { column: org.kind === 'JOBCENTER' ? 'jobcenter_code' : 'akasse_id', code: org.code }
      : null;
    const rows = await listCalendars(this.reads, org, side).catch(translateDbError);
    return rows.map(calendarView);
  }
}

/**
 * A calendar's day or week view: every slot in the window with its state and its bookings (not cancelled ones),
 * as the JSON of StaffSlotView[]. A view is rendered again only when its rows changed: each request asks the
 * database for the digest of the rows it would read (calendarSlotsDigest) and sends the view rendered from rows
 * of that digest when this replica has one. Staff keep a week open and refresh it (the web front every 30 s);
 * reading and serialising 500 rows for each of those held a replica's event loop for longer than anything a
 * booking does.
 */
@Injectable()
export class CalendarSlotsUseCase extends BookingUseCase {
  private readonly rendered = new RenderedViews(RENDERED_VIEWS_BYTES);

  async execute(command: CalendarSlotsCommand): Promise<RenderedJson> {
    checkWindow(command.from, command.to, MAX_SLOT_WINDOW_DAYS);
    const { joint } = await calendarInView(this.reads, command.principal, command.calendarId);
    const filter = {
      from: command.from,
      to: command.to,
      conversationType: command.filter.conversationType ?? null,
      format: command.filter.format ?? null,
      location: command.filter.location ?? null,
    };
    const now = this.clock.now();
    const key = JSON.stringify([command.calendarId, filter, joint]);
    // the digest first: rows read after it are as new as it or newer, so a view is never kept under the digest
    // of rows newer than its own (it would be sent when they are current)
    const digest = await calendarSlotsDigest(this.reads, command.calendarId, filter, joint, now).catch(
      translateDbError,
    );
    const earlier = this.rendered.get(key);
    if (earlier?.digest === digest) return earlier.view;
    const rows = await calendarSlots(this.reads, command.calendarId, filter, joint, now).catch(translateDbError);
    // slotView's object extended, not spread into a new one: spread copies of it took longer to build and to
    // serialise than all the rest of a 500-slot week
    const views: StaffSlotView[] = rows.map((row) =>
      Object.assign(slotView(row.s), {
        state: slotState(row),
        bookings: row.bookings.map((b) => ({
          bookingId: b.id,
          citizenId: b.citizen_id,
          conversationType: b.conversation_type,
          format: b.format,
          status: b.status,
          bookedBy: b.booked_by_role,
          selfBooked: b.self_booked,
        })),
      }),
    );
    const view = RenderedJson.of(`{"items":${JSON.stringify(views)}}`);
    this.rendered.set(key, { digest, view });
    return view;
  }
}

/** A calendar's bookings (every status) by meeting start, with keyset pagination. */
@Injectable()
export class CalendarBookingsUseCase extends BookingUseCase {
  async execute(command: CalendarBookingsCommand): Promise<{ items: BookingView[]; nextCursor?: string }> {
    checkWindow(command.from, command.to, MAX_BOOKING_WINDOW_DAYS);
    const cursor = decodeCursor(command.cursor);
    const limit = Math.min(Math.max(command.limit, 1), MAX_BOOKINGS_PAGE);
    const { joint } = await calendarInView(this.reads, command.principal, command.calendarId);
    const rows = await calendarBookings(
      this.reads,
      command.calendarId,
      { from: command.from, to: command.to },
      joint,
      cursor,
      limit + 1,
    ).catch(translateDbError);
    const page = rows.slice(0, limit);
    const last = rows.length > limit ? page[page.length - 1] : undefined;
    return {
      items: page.map((r) => bookingView(r.b)),
      ...(last ? { nextCursor: encodeCursor({ at: iso(last.at), id: last.b.id }) } : {}),
    };
  }
}
