import type { BookingView, CalendarSlotView, CitizenDeadlines } from '../api';
import { html } from '../html';
import { bookingIcs } from '../ics';
import { problemMessage } from '../i18n';
import { csrfMatches, sessionOf } from '../session';
import { myMeetingsPage, slotSearchPage } from './citizen';
import { pageContext } from './layout';
import { mondayOf, weekPage, weekVersion } from './staff';

const da = pageContext('da', 'csrf-token-0123456789abcdefghijklmn', '/', 'citizen');
const deadlines = (over: Partial<CitizenDeadlines>): CitizenDeadlines => ({
  citizenId: '6f1c2b9e-0000-4e8b-9a7c-1b2d3e4f5a60',
  canSelfBook: true,
  immediateBookingRequired: false,
  deadlines: [
    {
      deadlineId: '11111111-2222-4333-8444-555555555555',
      conversationType: 7,
      conversationNumber: 2,
      status: 'open',
      deadlineDate: '2026-12-17',
      latestMeetingDate: '2026-12-24',
    },
  ],
  ...over,
});

describe('web pages', () => {
  it('escapes every interpolated value; only html`` output passes as markup', () => {
    expect(html`<p>${'<script>alert("x")</script>'}</p>${html`<b>${"O'Brien & co"}</b>`}`.value).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p><b>O&#39;Brien &amp; co</b>',
    );
  });

  it('Mine samtaler: an open deadline shows the date to book by and a link to find a time', () => {
    const page = myMeetingsPage(da, { deadlines: deadlines({}), bookings: [] });
    expect(page).toContain('<html lang="da">');
    expect(page).toContain('Book senest torsdag den 17. december 2026');
    expect(page).toContain('href="/frister/11111111-2222-4333-8444-555555555555/tider"');
  });

  it('Mine samtaler: exempt or summoned, the citizen is told clearly that the jobcenter summons; no booking', () => {
    const page = myMeetingsPage(da, { deadlines: deadlines({ canSelfBook: false }), bookings: [] });
    expect(page).toContain('Du kan ikke selv booke samtaler lige nu');
    expect(page).toContain('Jobcentret indkalder dig');
    expect(page).not.toContain('/tider');
  });

  it('Mine samtaler: straksbooking is announced with the date it lapses', () => {
    const page = myMeetingsPage(pageContext('en', 'x'.repeat(32), '/', 'citizen'), {
      deadlines: deadlines({ immediateBookingRequired: true, immediateBookingLapsesOn: '2026-12-10' }),
      bookings: [],
    });
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('You must book a meeting now');
    expect(page).toContain('by Thursday, 10 December 2026');
  });

  it('the week view (staff read model of issue 20, stubbed): free and booked slots, who, type and format', () => {
    const slot = (
      id: string,
      startsAt: string,
      state: CalendarSlotView['state'],
      bookings: CalendarSlotView['bookings'],
    ): CalendarSlotView => ({
      id,
      calendarId: 'c',
      organisation: { kind: 'JOBCENTER', code: '10101' },
      joint: false,
      conversationTypes: [7],
      formats: ['IN_PERSON', 'PHONE'],
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 1800000).toISOString(),
      capacity: 1,
      remainingCapacity: bookings.length ? 0 : 1,
      location: 'Vesterbrogade 1',
      status: 'OPEN',
      state,
      bookings,
    });
    const staff = pageContext('da', 'x'.repeat(32), '/kalender/c', 'caseworker');
    const page = weekPage(staff, '99999999-2222-4333-8444-555555555555', mondayOf('2026-12-09'), [
      slot('a', '2026-12-07T08:00:00Z', 'FREE', []),
      slot('b', '2026-12-08T08:30:00Z', 'BOOKED', [
        {
          bookingId: 'b1b1b1b1-2222-4333-8444-555555555555',
          citizenId: 'c1c1c1c1-2222-4333-8444-555555555555',
          conversationType: 7,
          format: 'PHONE',
          status: 'BOOKED',
          bookedBy: 'citizen',
          selfBooked: true,
        },
      ]),
    ]);
    expect(page).toContain('Uge fra mandag den 7. december 2026');
    expect(page).toContain('<h2>mandag den 7. december 2026</h2>');
    expect(page).toMatch(/09\.00–09\.30 · Ledig/);
    expect(page).toMatch(/09\.30–10\.00 · Booket/);
    expect(page).toContain(
      'Borger <span class="id">c1c1c1c1-2222-4333-8444-555555555555</span>: ' +
        'Jobsamtale, Telefon, Booket (booket af borgeren)',
    );
    expect(page).toContain('href="/sag/bookinger/b1b1b1b1-2222-4333-8444-555555555555"');
    // no script is told to look for changes unless asked; a reload link is always there
    expect(page).not.toContain('data-version');
    expect(page).toContain(
      '<a href="/kalender/99999999-2222-4333-8444-555555555555?uge=2026-12-07" class="week-refresh">Opdater ugen</a>',
    );
  });

  it("the week view's version changes when a booking appears, is cancelled or attended, and only then", () => {
    const free = {
      id: 'a',
      calendarId: 'c',
      organisation: { kind: 'JOBCENTER' as const, code: '10101' },
      joint: false,
      conversationTypes: [7],
      formats: ['PHONE'],
      startsAt: '2026-12-07T08:00:00Z',
      endsAt: '2026-12-07T08:30:00Z',
      capacity: 1,
      remainingCapacity: 1,
      location: 'V',
      status: 'OPEN',
      state: 'FREE' as const,
      bookings: [],
    };
    const booking = {
      bookingId: 'b1',
      citizenId: 'c1',
      conversationType: 7,
      format: 'PHONE',
      status: 'BOOKED',
      bookedBy: 'CITIZEN',
      selfBooked: true,
    };
    const booked = { ...free, state: 'BOOKED' as const, remainingCapacity: 0, bookings: [booking] };
    const held = { ...booked, bookings: [{ ...booking, status: 'HELD' }] };
    const versions = [[free], [booked], [held], []].map((slots) => weekVersion(slots));
    expect(new Set(versions).size).toBe(4);
    expect(weekVersion([{ ...free, location: 'elsewhere' }])).toBe(versions[0]);
    const page = weekPage(
      pageContext('da', 'x'.repeat(32), '/kalender/c', 'caseworker'),
      'c',
      '2026-12-07',
      [booked],
      undefined,
      { refreshSeconds: 30 },
    );
    expect(page).toContain(
      `<div id="week" data-version="${versions[1]}" data-refresh-seconds="30" ` +
        `data-changed="Der er kommet ændringer i ugen, siden siden blev vist.">`,
    );
    expect(page).toContain('<div id="week-status" role="status"></div>');
  });

  it('the lead-time refusal reads as plain language, and an unknown code falls back on its status', () => {
    expect(problemMessage('da', 'lead-time', 409)).toBe(
      'Det er for sent at ændre eller booke denne samtale. Ring til jobcentret, hvis du ikke kan komme.',
    );
    expect(problemMessage('en', 'something-new', 412)).toBe(
      'The booking changed while you looked at it. Reload the page.',
    );
  });

  it('the .ics receipt is a folded, escaped RFC 5545 event in UTC', () => {
    const booking = {
      id: 'b1b1b1b1-2222-4333-8444-555555555555',
      version: 3,
      status: 'BOOKED',
      startsAt: '2026-12-08T08:30:00.000Z',
      endsAt: '2026-12-08T09:00:00.000Z',
      location: 'Vesterbrogade 1, København; 2. sal',
    } as BookingView;
    const ics = bookingIcs(booking, 'Jobsamtale', new Date('2026-12-06T10:00:00Z'));
    expect(ics.split('\r\n')).toEqual(
      expect.arrayContaining([
        'UID:b1b1b1b1-2222-4333-8444-555555555555@selvbook',
        'SEQUENCE:3',
        'DTSTART:20261208T083000Z',
        'LOCATION:Vesterbrogade 1\\, København\\; 2. sal',
      ]),
    );
  });

  it('CSRF: the form token must equal the cookie; a session is only a token of a known role, not expired', () => {
    expect(csrfMatches('a'.repeat(32), 'a'.repeat(32))).toBe(true);
    expect(csrfMatches('a'.repeat(32), 'b'.repeat(32))).toBe(false);
    expect(csrfMatches(undefined, '')).toBe(false);
    expect(sessionOf('not a token')).toBeUndefined();
  });

  it('the slot search: one radio group of free times, and a full page offers later times from the next day', () => {
    const slots = Array.from({ length: 20 }, (_, i) => ({
      id: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
      calendarId: 'c',
      organisation: { kind: 'JOBCENTER' as const, code: '10101' },
      joint: false,
      conversationTypes: [7],
      formats: ['PHONE'],
      startsAt: `2026-12-${String(8 + Math.floor(i / 6)).padStart(2, '0')}T0${i % 6}:00:00Z`,
      endsAt: '',
      capacity: 1,
      remainingCapacity: 1,
      location: 'Vesterbrogade 1',
      status: 'OPEN',
    }));
    const page = slotSearchPage(da, { deadlineId: '11111111-2222-4333-8444-555555555555', format: 'PHONE' }, slots);
    expect(page.match(/type="radio" id="slot-\d+" name="slot"/g)).toHaveLength(20);
    expect(page).toContain('<legend>Vælg en tid</legend>');
    expect(page).toContain(
      'href="/frister/11111111-2222-4333-8444-555555555555/tider?date=2026-12-12&amp;format=PHONE">' +
        'Vis senere tider</a>',
    );
    expect(slotSearchPage(da, { deadlineId: '11111111-2222-4333-8444-555555555555' }, slots.slice(0, 3))).not.toContain(
      'Vis senere tider',
    );
  });
});
