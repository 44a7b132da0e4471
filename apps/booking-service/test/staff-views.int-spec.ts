import { addDays, localDateOf } from '@selvbook/calendar';
import { eventually } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import { get as httpGet } from 'node:http';
import { gunzipSync } from 'node:zlib';
import {
  AKASSE,
  call,
  deadlineOpened,
  Harness,
  JOBCENTER,
  Json,
  OTHER_JOBCENTER,
  startBookingService,
} from './booking-harness';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The staff read models (issue 20): calendars, a calendar's day/week view, a calendar's bookings. */
describe('staff read models: calendars, week view, bookings by calendar', () => {
  let h: Harness;
  let caseworker: string;
  let otherCaseworker: string;
  let akasse: string;
  let otherAkasse: string;
  let system: string;
  let calendarId: string;
  let otherCalendarId: string;
  let akasseCalendarId: string;
  /** the week viewed: Monday 00:00 UTC, 8 days ahead or more */
  let weekStart: Date;
  const at = (day: number, hour: number) => new Date(weekStart.getTime() + day * DAY + hour * HOUR);
  const slotIds: Record<string, string> = {};
  const bookings: Record<string, Json> = {};

  async function knownCitizen(): Promise<string> {
    const citizenId = randomUUID();
    const today = localDateOf(h.clock.now());
    const event = deadlineOpened(citizenId, {
      deadlineDate: addDays(today, 25),
      latestMeetingDate: addDays(today, 30),
    });
    await h.publishDeadline(event);
    await eventually(
      async () =>
        expect((await h.db.query('SELECT 1 FROM citizen WHERE citizen_id = $1', [citizenId])).rowCount).toBe(1),
      { timeoutMs: 30000 },
    );
    return citizenId;
  }

  async function publish(
    calendar: string,
    token: string,
    startsAt: Date,
    attributes: Record<string, unknown>,
  ): Promise<string> {
    const res = await call(h, 'POST', `/v1/calendars/${calendar}/slots`, token, {
      conversationTypes: [7],
      formats: ['IN_PERSON', 'PHONE'],
      capacity: 1,
      ...attributes,
      times: [{ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString() }],
    });
    expect([res.status, res.body]).toEqual([201, expect.anything()]);
    return res.body.items[0].id;
  }

  beforeAll(async () => {
    h = await startBookingService();
    caseworker = await h.token({ role: 'caseworker', jobcenterCode: JOBCENTER });
    otherCaseworker = await h.token({ role: 'caseworker', jobcenterCode: OTHER_JOBCENTER });
    akasse = await h.token({ role: 'akasse', akasseId: AKASSE });
    otherAkasse = await h.token({ role: 'akasse', akasseId: 'ak-other' });
    system = await h.token({ role: 'system' });
    const now = h.clock.now().getTime();
    const monday = new Date(Math.ceil((now + 8 * DAY) / DAY) * DAY);
    weekStart = new Date(monday.getTime() + ((8 - (monday.getUTCDay() || 7)) % 7) * DAY);

    calendarId = (
      await call(h, 'POST', '/v1/calendars', caseworker, { name: 'Team Vest', defaultLocation: 'Jobcenter, Vej 1' })
    ).body.id;
    otherCalendarId = (
      await call(h, 'POST', '/v1/calendars', otherCaseworker, { name: 'Aarhus', defaultLocation: 'Aarhus, Vej 2' })
    ).body.id;
    akasseCalendarId = (
      await call(h, 'POST', '/v1/calendars', akasse, { name: 'A-kassen', defaultLocation: 'A-kassen, Vej 3' })
    ).body.id;

    // Monday: free, booked (by phone), reserved; Tuesday: withdrawn, a booking
    // later cancelled, a joint meeting; the next Monday: outside the week
    slotIds.free = await publish(calendarId, caseworker, at(0, 8), { location: 'Mødelokale 2' });
    slotIds.booked = await publish(calendarId, caseworker, at(0, 9), {});
    slotIds.reserved = await publish(calendarId, caseworker, at(0, 10), { formats: ['VIDEO'] });
    slotIds.withdrawn = await publish(calendarId, caseworker, at(1, 8), {});
    slotIds.cancelled = await publish(calendarId, caseworker, at(1, 9), {});
    slotIds.joint = await publish(calendarId, caseworker, at(1, 10), {
      conversationTypes: [17],
      joint: true,
      partner: AKASSE,
    });
    slotIds.nextWeek = await publish(calendarId, caseworker, at(7, 8), {});
    await publish(otherCalendarId, otherCaseworker, at(0, 8), {});

    const citizens = await Promise.all(Array.from({ length: 5 }, knownCitizen));
    bookings.booked = (
      await call(h, 'POST', '/v1/bookings', caseworker, {
        slotId: slotIds.booked,
        citizenId: citizens[0],
        format: 'PHONE',
      })
    ).body;
    expect(
      (await call(h, 'POST', '/v1/reservations', caseworker, { slotId: slotIds.reserved, citizenId: citizens[1] }))
        .status,
    ).toBe(201);
    bookings.withdrawn = (
      await call(h, 'POST', '/v1/bookings', caseworker, { slotId: slotIds.withdrawn, citizenId: citizens[2] })
    ).body;
    expect((await call(h, 'DELETE', `/v1/slots/${slotIds.withdrawn}`, caseworker)).status).toBe(200);
    bookings.cancelled = (
      await call(h, 'POST', '/v1/bookings', caseworker, { slotId: slotIds.cancelled, citizenId: citizens[3] })
    ).body;
    expect((await call(h, 'POST', `/v1/bookings/${bookings.cancelled.id}/cancel`, caseworker, {})).status).toBe(200);
    bookings.joint = (
      await call(h, 'POST', '/v1/bookings', caseworker, { slotId: slotIds.joint, citizenId: citizens[4] })
    ).body;
    expect(bookings.joint.id).toBeDefined();
  });
  afterAll(() => h?.stop());

  const week = () => `from=${weekStart.toISOString()}&to=${new Date(weekStart.getTime() + 7 * DAY).toISOString()}`;

  it("GET /v1/calendars: a caseworker sees their jobcenter's calendars, an a-kasse own and joint ones", async () => {
    const own = await call(h, 'GET', '/v1/calendars', caseworker);
    expect(own.status).toBe(200);
    expect(own.body.items).toContainEqual({
      id: calendarId,
      name: 'Team Vest',
      defaultLocation: 'Jobcenter, Vej 1',
      organisation: { kind: 'JOBCENTER', code: JOBCENTER },
    });
    expect(own.body.items.map((c: Json) => c.id)).not.toContain(otherCalendarId);
    expect(own.body.items.map((c: Json) => c.id)).not.toContain(akasseCalendarId);

    const ak = await call(h, 'GET', '/v1/calendars', akasse);
    expect(ak.body.items.map((c: Json) => c.id).sort()).toEqual([akasseCalendarId, calendarId].sort());
    expect((await call(h, 'GET', '/v1/calendars', otherAkasse)).body.items).toEqual([]);

    // staff name only themselves; system names anyone (or sees every calendar)
    expect((await call(h, 'GET', `/v1/calendars?jobcenterCode=${OTHER_JOBCENTER}`, caseworker)).status).toBe(403);
    expect((await call(h, 'GET', `/v1/calendars?akasseId=${AKASSE}`, caseworker)).status).toBe(403);
    expect((await call(h, 'GET', `/v1/calendars?jobcenterCode=${JOBCENTER}`, caseworker)).status).toBe(200);
    const bySystem = await call(h, 'GET', `/v1/calendars?jobcenterCode=${OTHER_JOBCENTER}`, system);
    expect(bySystem.body.items.map((c: Json) => c.id)).toEqual([otherCalendarId]);
    expect((await call(h, 'GET', '/v1/calendars', system)).body.items.length).toBeGreaterThanOrEqual(3);
    expect((await call(h, 'GET', '/v1/calendars?jobcenterCode=abc', system)).status).toBe(400);
    const citizen = await call(h, 'GET', '/v1/calendars', await h.token({ role: 'citizen', citizenId: randomUUID() }));
    expect(citizen.status).toBe(403);
    expect(citizen.headers.get('content-type')).toContain('application/problem+json');
  });

  it('week view: every slot in start order with its state and its bookings (cancelled ones left out)', async () => {
    const res = await call(h, 'GET', `/v1/calendars/${calendarId}/slots?${week()}`, caseworker);
    expect(res.status).toBe(200);
    const items: Json[] = res.body.items;
    expect(items.map((s) => s.id)).toEqual([
      slotIds.free,
      slotIds.booked,
      slotIds.reserved,
      slotIds.withdrawn,
      slotIds.cancelled,
      slotIds.joint,
    ]);
    expect(items.map((s) => s.state)).toEqual(['FREE', 'BOOKED', 'RESERVED', 'WITHDRAWN', 'FREE', 'BOOKED']);
    const booked = items[1];
    expect(booked).toMatchObject({
      calendarId,
      startsAt: at(0, 9).toISOString(),
      capacity: 1,
      remainingCapacity: 0,
      status: 'OPEN',
      location: 'Jobcenter, Vej 1',
    });
    expect(booked.bookings).toEqual([
      {
        bookingId: bookings.booked.id,
        citizenId: bookings.booked.citizenId,
        conversationType: 7,
        format: 'PHONE',
        status: 'BOOKED',
        bookedBy: 'CASEWORKER',
        selfBooked: false,
      },
    ]);
    expect(items[0].bookings).toEqual([]);
    expect(items[2].bookings).toEqual([]); // a reservation is not a booking yet
    expect(items[3].bookings).toEqual([]); // withdrawing cancelled it
    expect(items[4].bookings).toEqual([]);
    expect(items[5]).toMatchObject({
      joint: true,
      akasseId: AKASSE,
      bookings: [expect.objectContaining({ bookingId: bookings.joint.id, conversationType: 17 })],
    });
  });

  it('week view filters by conversation type, format and location', async () => {
    const ids = async (filter: string) =>
      (await call(h, 'GET', `/v1/calendars/${calendarId}/slots?${week()}&${filter}`, caseworker)).body.items.map(
        (s: Json) => s.id,
      );
    expect(await ids('conversationType=17')).toEqual([slotIds.joint]);
    expect(await ids('format=VIDEO')).toEqual([slotIds.reserved]);
    expect(await ids('location=m%C3%B8delokale')).toEqual([slotIds.free]);
    expect(await ids('location=%25')).toEqual([]); // a wildcard is a character, not a pattern
  });

  it('a week seen before is sent as it was; a booking, a hold or the time passing renders it anew', async () => {
    const calendar = (await call(h, 'POST', '/v1/calendars', caseworker, { name: 'Team Øst' })).body.id;
    const first = await publish(calendar, caseworker, at(2, 8), { location: 'Mødelokale 3' });
    const second = await publish(calendar, caseworker, at(2, 9), { location: 'Mødelokale 3' });
    const view = async () => {
      const res = await call(h, 'GET', `/v1/calendars/${calendar}/slots?${week()}`, caseworker);
      expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
      return res.body.items.map((s: Json) => [s.id, s.state, s.bookings.map((b: Json) => b.status)]);
    };
    expect(await view()).toEqual([
      [first, 'FREE', []],
      [second, 'FREE', []],
    ]);
    expect(await view()).toEqual([
      [first, 'FREE', []],
      [second, 'FREE', []],
    ]);
    const [citizen, other] = await Promise.all([knownCitizen(), knownCitizen()]);
    const booking = (await call(h, 'POST', '/v1/bookings', caseworker, { slotId: first, citizenId: citizen })).body;
    expect(await view()).toEqual([
      [first, 'BOOKED', ['BOOKED']],
      [second, 'FREE', []],
    ]);
    const hold = await call(h, 'POST', '/v1/reservations', caseworker, { slotId: second, citizenId: other });
    expect(hold.status).toBe(201);
    expect(await view()).toEqual([
      [first, 'BOOKED', ['BOOKED']],
      [second, 'RESERVED', []],
    ]);
    // nothing written: the hold lapses with the time, and the view says so
    h.clock.advanceBy(new Date(hold.body.expiresAt).getTime() - h.clock.now().getTime() + 1000);
    expect(await view()).toEqual([
      [first, 'BOOKED', ['BOOKED']],
      [second, 'FREE', []],
    ]);
    expect((await call(h, 'POST', `/v1/bookings/${booking.id}/cancel`, caseworker, {})).status).toBe(200);
    expect(await view()).toEqual([
      [first, 'FREE', []],
      [second, 'FREE', []],
    ]);
    // a write to the slot itself
    expect((await call(h, 'DELETE', `/v1/slots/${second}`, caseworker)).status).toBe(200);
    expect(await view()).toEqual([
      [first, 'FREE', []],
      [second, 'WITHDRAWN', []],
    ]);
  });

  it('the week view is sent gzipped to a client that takes gzip, as plain JSON to one that does not', async () => {
    const url = `${h.url}/v1/calendars/${calendarId}/slots?${week()}`;
    const as = async (acceptEncoding: string) => {
      const res = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        const request = httpGet(
          url,
          { headers: { authorization: `Bearer ${caseworker}`, 'accept-encoding': acceptEncoding } },
          (r) => {
            const chunks: Buffer[] = [];
            r.on('data', (c: Buffer) => chunks.push(c)).on('end', () =>
              resolve({ headers: r.headers, body: Buffer.concat(chunks) }),
            );
          },
        );
        request.on('error', reject);
      });
      return res;
    };
    const plain = await as('identity');
    const gzipped = await as('br, gzip;q=0.8');
    expect([plain.headers['content-encoding'], plain.headers.vary]).toEqual([undefined, 'accept-encoding']);
    expect([gzipped.headers['content-encoding'], gzipped.headers.vary]).toEqual(['gzip', 'accept-encoding']);
    expect(gunzipSync(gzipped.body).toString('utf8')).toBe(plain.body.toString('utf8'));
    expect(JSON.parse(plain.body.toString('utf8')).items).toHaveLength(6);
    expect(gzipped.body.length).toBeLessThan(plain.body.length);
  });

  it("an a-kasse sees only the joint slots it is part of in a jobcenter's calendar; others are refused", async () => {
    const ak = await call(h, 'GET', `/v1/calendars/${calendarId}/slots?${week()}`, akasse);
    expect(ak.status).toBe(200);
    expect(ak.body.items.map((s: Json) => s.id)).toEqual([slotIds.joint]);
    const akBookings = await call(h, 'GET', `/v1/calendars/${calendarId}/bookings?${week()}`, akasse);
    expect(akBookings.body.items.map((b: Json) => b.id)).toEqual([bookings.joint.id]);
    for (const [token, path] of [
      [otherCaseworker, 'slots'],
      [otherCaseworker, 'bookings'],
      [otherAkasse, 'slots'],
      [otherAkasse, 'bookings'],
      [caseworker, 'other'],
    ] as const) {
      const url =
        path === 'other'
          ? `/v1/calendars/${otherCalendarId}/slots?${week()}`
          : `/v1/calendars/${calendarId}/${path}?${week()}`;
      const res = await call(h, 'GET', url, token);
      expect([url, res.status, res.body.type]).toEqual([url, 403, 'urn:selvbook:problem:forbidden-organisation']);
    }
    const unknown = await call(h, 'GET', `/v1/calendars/${randomUUID()}/slots?${week()}`, caseworker);
    expect([unknown.status, unknown.body.type]).toEqual([404, 'urn:selvbook:problem:calendar-not-found']);
    expect((await call(h, 'GET', `/v1/calendars/${randomUUID()}/bookings?${week()}`, caseworker)).status).toBe(404);
    expect((await call(h, 'GET', `/v1/calendars/${calendarId}/slots?${week()}`, system)).body.items).toHaveLength(6);
    expect(
      (
        await call(
          h,
          'GET',
          `/v1/calendars/${calendarId}/slots?${week()}`,
          await h.token({ role: 'citizen', citizenId: randomUUID() }),
        )
      ).status,
    ).toBe(403);
  });

  it('windows: from and to are required, to after from, a view spans at most 31 days', async () => {
    const base = `/v1/calendars/${calendarId}/slots`;
    expect((await call(h, 'GET', base, caseworker)).status).toBe(400);
    expect(
      (await call(h, 'GET', `${base}?from=${weekStart.toISOString()}&to=${weekStart.toISOString()}`, caseworker)).body
        .type,
    ).toBe('urn:selvbook:problem:invalid-window');
    const long = await call(
      h,
      'GET',
      `${base}?from=${weekStart.toISOString()}&to=${new Date(weekStart.getTime() + 32 * DAY).toISOString()}`,
      caseworker,
    );
    expect([long.status, long.body.type]).toEqual([400, 'urn:selvbook:problem:window-too-long']);
    expect((await call(h, 'GET', `${base}?from=yesterday&to=today`, caseworker)).status).toBe(400);
  });

  it('bookings by calendar: every status, by meeting start, page by page with the cursor', async () => {
    const url = `/v1/calendars/${calendarId}/bookings?${week()}&limit=2`;
    const first = await call(h, 'GET', url, caseworker);
    expect(first.status).toBe(200);
    expect(first.body.items.map((b: Json) => b.id)).toEqual([bookings.booked.id, bookings.withdrawn.id]);
    expect(first.body.items[1]).toMatchObject({ status: 'CANCELLED', slotId: slotIds.withdrawn });
    const second = await call(h, 'GET', `${url}&cursor=${first.body.nextCursor}`, caseworker);
    expect(second.body.items.map((b: Json) => [b.id, b.status])).toEqual([
      [bookings.cancelled.id, 'CANCELLED'],
      [bookings.joint.id, 'BOOKED'],
    ]);
    expect(second.body.nextCursor).toBeUndefined();
    expect((await call(h, 'GET', `${url}&cursor=nonsense`, caseworker)).body.type).toBe(
      'urn:selvbook:problem:invalid-cursor',
    );
    // an a-kasse's own calendar, through system
    expect((await call(h, 'GET', `/v1/calendars/${akasseCalendarId}/bookings?${week()}`, system)).body.items).toEqual(
      [],
    );
  });

  it('GET /v1/bookings by staff without a citizenId says what a list needs, not what a booking needs', async () => {
    const res = await call(h, 'GET', '/v1/bookings', caseworker);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('urn:selvbook:problem:citizen-required');
    expect(res.body.detail).toContain("staff list one citizen's bookings");
    expect(res.body.detail).not.toContain('book on behalf');
    const citizen = await h.token({ role: 'citizen', citizenId: randomUUID() });
    const other = await call(h, 'GET', `/v1/bookings?citizenId=${randomUUID()}`, citizen);
    expect([other.status, other.body.detail]).toEqual([403, 'a citizen may only see their own bookings']);
  });
});
