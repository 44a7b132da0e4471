import { addDays, localDateOf } from '@selvbook/calendar';
import { DEFAULT_BOOKING_POLICY } from '@selvbook/booking';
import { akasseTopic, EventEnvelope, jobcenterTopic, MeetingFormat, Topics } from '@selvbook/contracts';
import { eventually } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
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

const REBOOK_FLOW = '7d3c9a1e-5b2f-4c8d-9e0a-1b2c3d4e5f60';

describe('booking service over HTTP, real PostgreSQL and the Kafka-protocol broker', () => {
  let h: Harness;
  let caseworker: string;
  let calendarId: string;

  beforeAll(async () => {
    h = await startBookingService();
    caseworker = await h.token({ role: 'caseworker', jobcenterCode: JOBCENTER, subject: 'cw-1' });
    const created = await call(h, 'POST', '/v1/calendars', caseworker, {
      name: 'Team 1',
      defaultLocation: 'Jobcenter 101, Vej 1',
    });
    expect(created.status).toBe(201);
    calendarId = created.body.id;
  });
  afterAll(() => h?.stop());

  let nextHour = 0;
  /** A fresh one-person slot in a calendar, days ahead, at a time no other test uses. */
  async function slot(
    opts: { calendar?: string; daysAhead?: number; capacity?: number; types?: number[] } = {},
  ): Promise<{ id: string; startsAt: string }> {
    const start = new Date(
      Date.UTC(2000, 0, 1) +
        Math.ceil((h.clock.now().getTime() + (opts.daysAhead ?? 5) * DAY - Date.UTC(2000, 0, 1)) / DAY) * DAY +
        (nextHour++ % 200) * 3_600_000,
    );
    const res = await call(h, 'POST', `/v1/calendars/${opts.calendar ?? calendarId}/slots`, caseworker, {
      conversationTypes: opts.types ?? [7],
      formats: ['IN_PERSON', 'PHONE'],
      capacity: opts.capacity ?? 1,
      times: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 45 * 60_000).toISOString() }],
    });
    expect(res.status).toBe(201);
    return res.body.items[0];
  }

  async function openDeadline(citizenId: string, days = 20, meetingFormats?: MeetingFormat[]) {
    const today = localDateOf(h.clock.now());
    const event = deadlineOpened(citizenId, {
      deadlineDate: addDays(today, days - 5),
      latestMeetingDate: addDays(today, days),
      meetingFormats,
    });
    await h.publishDeadline(event);
    await eventually(
      async () =>
        expect(
          (
            await h.db.query('SELECT 1 FROM deadline WHERE deadline_id = $1', [
              (event.data as { deadlineId: string }).deadlineId,
            ])
          ).rowCount,
        ).toBe(1),
      { timeoutMs: 30000 },
    );
    return (event.data as { deadlineId: string }).deadlineId;
  }

  /** A citizen Selvbook knows, with an open booking deadline: a citizen's self-booking is tied to one. */
  async function knownCitizen(days = 20): Promise<{ citizenId: string; token: string; deadlineId: string }> {
    const citizenId = randomUUID();
    const deadlineId = await openDeadline(citizenId, days);
    return { citizenId, token: await h.token({ role: 'citizen', citizenId }), deadlineId };
  }

  it('race: 200 requests at once for 20 one-person slots → 20 bookings, 180 clean 409s, no overlap', async () => {
    // 20 calendars, one slot each, all at the same time; 100 citizens each try two of them.
    const start = new Date(Math.ceil((h.clock.now().getTime() + 7 * DAY) / 3_600_000) * 3_600_000);
    const slots: string[] = [];
    for (let i = 0; i < 20; i++) {
      const cal = await call(h, 'POST', '/v1/calendars', caseworker, {
        name: `race ${i}`,
        defaultLocation: 'Jobcenter 101',
      });
      const res = await call(h, 'POST', `/v1/calendars/${cal.body.id}/slots`, caseworker, {
        conversationTypes: [7],
        formats: ['IN_PERSON'],
        capacity: 1,
        times: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 45 * 60_000).toISOString() }],
      });
      slots.push(res.body.items[0].id);
    }
    const known = await Promise.all(Array.from({ length: 100 }, () => knownCitizen()));
    const citizens = known.map((c) => c.citizenId);
    const tokens = known.map((c) => c.token);
    const requests = citizens.flatMap((_, i) => [
      () => call(h, 'POST', '/v1/bookings', tokens[i], { slotId: slots[i % 20] }),
      () => call(h, 'POST', '/v1/bookings', tokens[i], { slotId: slots[(i + 7) % 20] }),
    ]);
    const results = await Promise.all(requests.map((r) => r()));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(180);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      // (both of a citizen's requests are for their one open
      // deadline: whichever constraint sees the race first refuses)
      expect(
        ['slot-full', 'citizen-overlap', 'deadline-already-booked'].map((c) => `urn:selvbook:problem:${c}`),
      ).toContain(r.body.type);
    }
    const { rows } = await h.db.query(
      `SELECT citizen_id, count(*)::int AS n FROM booking WHERE status = 'BOOKED' AND slot_id = ANY($1)
           GROUP BY citizen_id`,
      [slots],
    );
    expect(rows.reduce((s: number, r: { n: number }) => s + r.n, 0)).toBe(20);
    expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    const seats = await h.db.query(`SELECT seats_taken FROM slot WHERE id = ANY($1)`, [slots]);
    expect(seats.rows.every((r: { seats_taken: number }) => r.seats_taken === 1)).toBe(true);
  });

  it('a retried request with the same idempotency key books once', async () => {
    const { citizenId, token } = await knownCitizen();
    const { id: slotId } = await slot({ capacity: 3 });
    const key = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => call(h, 'POST', '/v1/bookings', token, { slotId }, { 'idempotency-key': key })),
    );
    // every answer is the first one: 201, its Location and its body; the replays say that they are
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
    expect(new Set(results.map((r) => r.headers.get('location')))).toEqual(
      new Set([`/v1/bookings/${results[0].body.id}`]),
    );
    const { rows } = await h.db.query(`SELECT count(*)::int AS n FROM booking WHERE citizen_id = $1`, [citizenId]);
    expect(rows[0].n).toBe(1);
    expect((await h.db.query('SELECT seats_taken FROM slot WHERE id = $1', [slotId])).rows[0].seats_taken).toBe(1);
  });

  it('issue 20: POST /v1/bookings is 201 with Location; a replay repeats the first answer after a change', async () => {
    const { token } = await knownCitizen();
    const { id: slotId } = await slot();
    const key = randomUUID();
    const first = await call(h, 'POST', '/v1/bookings', token, { slotId }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`/v1/bookings/${first.body.id}`);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect((await call(h, 'GET', first.headers.get('location')!, token)).body).toEqual(first.body);
    expect((await call(h, 'POST', `/v1/bookings/${first.body.id}/cancel`, token, {})).status).toBe(200);
    const replay = await call(h, 'POST', '/v1/bookings', token, { slotId }, { 'idempotency-key': key });
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.headers.get('location')]).toEqual([
      201,
      'true',
      `/v1/bookings/${first.body.id}`,
    ]);
    expect(replay.body).toEqual(first.body); // as made (BOOKED, version 1), not as it is now
    expect(replay.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it("issue 20: a rebooking keeps the format if the new slot has it, unless changed; new slot's place", async () => {
    const { token } = await knownCitizen();
    const phone = await call(h, 'POST', '/v1/bookings', token, { slotId: (await slot()).id, format: 'PHONE' });
    expect([phone.status, phone.body.format]).toEqual([201, 'PHONE']);
    const kept = await call(h, 'POST', `/v1/bookings/${phone.body.id}/rebook`, token, { slotId: (await slot()).id });
    expect([kept.status, kept.body.format, kept.headers.get('location')]).toEqual([
      201,
      'PHONE',
      `/v1/bookings/${kept.body.id}`,
    ]);
    expect(kept.body.location).toBe('Jobcenter 101, Vej 1');
    // changed on request
    const changed = await call(h, 'POST', `/v1/bookings/${kept.body.id}/rebook`, token, {
      slotId: (await slot()).id,
      format: 'IN_PERSON',
    });
    expect([changed.status, changed.body.format]).toEqual([201, 'IN_PERSON']);
    // a new slot without the old format: the new slot's format, as for a new booking
    const back = await call(h, 'POST', `/v1/bookings/${changed.body.id}/rebook`, token, {
      slotId: (await slot()).id,
      format: 'PHONE',
    });
    expect(back.body.format).toBe('PHONE');
    const inPersonOnly = await slotIn(calendarId, caseworker, [7], {
      formats: ['IN_PERSON'],
      location: 'Jobcenter 101, lokale 4',
    });
    const moved = await call(h, 'POST', `/v1/bookings/${back.body.id}/rebook`, token, { slotId: inPersonOnly.id });
    expect([moved.status, moved.body.format, moved.body.location]).toEqual([
      201,
      'IN_PERSON',
      'Jobcenter 101, lokale 4',
    ]);
  });

  it('consumes deadline events: search offers slots of the type in the window; one booking per deadline', async () => {
    const citizenId = randomUUID();
    const token = await h.token({ role: 'citizen', citizenId });
    const inside = await slot({ daysAhead: 4 });
    const outside = await slot({ daysAhead: 30 });
    const otherType = await slot({ daysAhead: 4, types: [4] });
    const deadlineId = await openDeadline(citizenId, 20);
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        h,
        'GET',
        `/v1/slots?deadlineId=${deadlineId}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
        token,
      );
      expect(page.status).toBe(200);
      ids.push(...page.body.items.map((s: { id: string }) => s.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
    expect(ids).not.toContain(otherType.id);
    expect(new Set(ids).size).toBe(ids.length);

    const first = await call(h, 'POST', '/v1/bookings', token, { slotId: inside.id, deadlineId });
    expect(first.status).toBe(201);
    expect(first.body.deadlineId).toBe(deadlineId);
    // a full slot is no longer offered
    const after = await call(h, 'GET', `/v1/slots?deadlineId=${deadlineId}&limit=100`, token);
    expect(after.body.items.map((s: { id: string }) => s.id)).not.toContain(inside.id);
    const second = await call(h, 'POST', '/v1/bookings', token, {
      slotId: (await slot({ daysAhead: 3 })).id,
      deadlineId,
    });
    expect(second.status).toBe(409);
    expect(second.body.type).toBe('urn:selvbook:problem:deadline-already-booked');
    const late = await call(h, 'POST', '/v1/bookings', token, { slotId: outside.id, deadlineId });
    expect(late.status).toBe(409);
  });

  it('[F:S16, F:S20] a first conversation in person: search offers in-person slots; by phone is 409', async () => {
    const citizenId = randomUUID();
    const token = await h.token({ role: 'citizen', citizenId });
    const deadlineId = await openDeadline(citizenId, 20, [MeetingFormat.IN_PERSON]);
    const both = await slot({ daysAhead: 6 }); // IN_PERSON and PHONE
    const found = await call(h, 'GET', `/v1/slots?deadlineId=${deadlineId}&limit=100`, token);
    expect(found.status).toBe(200);
    expect(found.body.items.find((s: { id: string }) => s.id === both.id)?.formats).toEqual(['IN_PERSON']);
    expect((await call(h, 'GET', `/v1/slots?deadlineId=${deadlineId}&format=PHONE`, token)).body.items).toEqual([]);
    const phone = await call(h, 'POST', '/v1/bookings', token, { slotId: both.id, deadlineId, format: 'PHONE' });
    expect(phone.status).toBe(409);
    expect(phone.body.type).toBe('urn:selvbook:problem:format-not-allowed');
    const inPerson = await call(h, 'POST', '/v1/bookings', token, { slotId: both.id, deadlineId });
    expect(inPerson.status).toBe(201);
    expect(inPerson.body.format).toBe('IN_PERSON');
    // a later conversation (no format given with its deadline): phone is the citizen's choice
    const later = randomUUID();
    const laterDeadline = await openDeadline(later, 20);
    const other = await slot({ daysAhead: 8 });
    expect(
      (
        await call(h, 'POST', '/v1/bookings', await h.token({ role: 'citizen', citizenId: later }), {
          slotId: other.id,
          deadlineId: laterDeadline,
          format: 'PHONE',
        })
      ).status,
    ).toBe(201);
  });

  it('reserve → confirm; confirming twice gives the same booking; a lapsed reservation frees its seat', async () => {
    const { token } = await knownCitizen();
    const { id: slotId } = await slot();
    const reserved = await call(h, 'POST', '/v1/reservations', token, { slotId });
    expect(reserved.status).toBe(201);
    const full = await call(h, 'POST', '/v1/bookings', (await knownCitizen()).token, { slotId });
    expect(full.status).toBe(409);
    const confirmed = await call(h, 'POST', `/v1/reservations/${reserved.body.id}/confirm`, token);
    expect(confirmed.status).toBe(201);
    const again = await call(h, 'POST', `/v1/reservations/${reserved.body.id}/confirm`, token);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(confirmed.body.id);

    const other = await slot({ capacity: 1 });
    const held = await call(h, 'POST', '/v1/reservations', token, { slotId: other.id });
    expect(held.status).toBe(201);
    h.clock.advanceBy(601_000); // past the reservation time-out
    await eventually(async () =>
      expect((await h.db.query('SELECT seats_taken FROM slot WHERE id = $1', [other.id])).rows[0].seats_taken).toBe(0),
    );
    const lapsed = await call(h, 'POST', `/v1/reservations/${held.body.id}/confirm`, token);
    expect(lapsed.status).toBe(409);
    expect(lapsed.body.type).toBe('urn:selvbook:problem:reservation-expired');
  });

  it('rebook: cancelled(REBOOKED) + rebooked linked by ids; cancel: cancelled; the a-kasse hears of both', async () => {
    const citizenId = randomUUID();
    const token = await h.token({ role: 'citizen', citizenId });
    const deadlineId = await openDeadline(citizenId, 20);
    const a = await slot({ daysAhead: 6 });
    const b = await slot({ daysAhead: 7 });
    const booked = await call(h, 'POST', '/v1/bookings', token, { slotId: a.id, deadlineId });
    expect(booked.status).toBe(201);
    expect(booked.body.akasseId).toBe(AKASSE);
    const etag = booked.headers.get('etag')!;
    const stale = await call(
      h,
      'POST',
      `/v1/bookings/${booked.body.id}/rebook`,
      token,
      { slotId: b.id },
      { 'if-match': '"stale"' },
    );
    expect(stale.status).toBe(412);
    const rebooked = await call(
      h,
      'POST',
      `/v1/bookings/${booked.body.id}/rebook`,
      token,
      { slotId: b.id },
      { 'if-match': etag, 'x-correlation-id': REBOOK_FLOW },
    );
    expect(rebooked.status).toBe(201);
    expect(rebooked.body.previousBookingId).toBe(booked.body.id);
    const cancelled = await call(
      h,
      'POST',
      `/v1/bookings/${rebooked.body.id}/cancel`,
      token,
      { legitimateReason: 'JOB_INTERVIEW' },
      { 'if-match': rebooked.headers.get('etag')! },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');

    const mine = (events: EventEnvelope[]) => events.filter((e) => e.subject === citizenId);
    const events = mine(await h.readTopic(Topics.booking, (all) => mine(all).length >= 4));
    expect(events.map((e) => e.type)).toEqual([
      'booking.booked',
      'booking.cancelled',
      'booking.rebooked',
      'booking.cancelled',
    ]);
    const [, first, second] = events as EventEnvelope<Record<string, string>>[];
    // each request's correlation id — the client's, or the one it was answered with — is on the events it caused
    expect(events.map((e) => e.correlationId)).toEqual([
      booked.headers.get('x-correlation-id'),
      REBOOK_FLOW,
      REBOOK_FLOW,
      cancelled.headers.get('x-correlation-id'),
    ]);
    expect(rebooked.headers.get('x-correlation-id')).toBe(REBOOK_FLOW);
    expect(new Set(events.map((e) => e.correlationId)).size).toBe(3);
    expect(first.data).toMatchObject({
      bookingId: booked.body.id,
      reason: 'REBOOKED',
      replacedByBookingId: rebooked.body.id,
    });
    expect(second.data).toMatchObject({ bookingId: rebooked.body.id, previousBookingId: booked.body.id, deadlineId });
    // [F:S21 §20 nr. 11–12] each meeting states its rebooking
    // rights: the view and booking.booked / booking.rebooked alike
    const leadMs = (view: { startsAt: string; rebookableUntil: string }) =>
      new Date(view.startsAt).getTime() - new Date(view.rebookableUntil).getTime();
    expect(booked.body).toMatchObject({ rebookingAllowed: true, rebookableUntil: expect.any(String) });
    expect(leadMs(booked.body)).toBe(DEFAULT_BOOKING_POLICY.minLeadMinutesChange * 60_000);
    expect(events[0].data).toMatchObject({ rebookingAllowed: true, rebookableUntil: booked.body.rebookableUntil });
    expect(events[2].data).toMatchObject({ rebookingAllowed: true, rebookableUntil: rebooked.body.rebookableUntil });
    expect(leadMs(rebooked.body)).toBe(DEFAULT_BOOKING_POLICY.minLeadMinutesChange * 60_000);
    expect(events[3].data).toMatchObject({ reason: 'CITIZEN_CANCELLED', legitimateReason: 'JOB_INTERVIEW' });
    const akasse = mine(await h.readTopic(akasseTopic(AKASSE), (all) => mine(all).length >= 2));
    expect(akasse.map((e) => [e.type, (e.data as { rebooked: boolean }).rebooked])).toEqual([
      ['akasse.meeting-cancelled', true],
      ['akasse.meeting-cancelled', false],
    ]);
    const jobcenter = mine(await h.readTopic(jobcenterTopic(JOBCENTER), (all) => mine(all).length >= 4));
    expect(jobcenter).toHaveLength(4);
    const audit = await h.db.query(`SELECT action FROM audit_log WHERE entity_id = ANY($1) ORDER BY id`, [
      [booked.body.id, rebooked.body.id],
    ]);
    expect(audit.rows.map((r: { action: string }) => r.action)).toEqual([
      'booking.book',
      'booking.cancel',
      'booking.rebook',
      'booking.cancel',
    ]);
  });

  it('caseworker books on behalf, registers a no-show after it: booking.no-show (the a-kasse is told)', async () => {
    const citizenId = randomUUID();
    await openDeadline(citizenId, 20);
    const s = await slot({ daysAhead: 2 });
    const booked = await call(h, 'POST', '/v1/bookings', caseworker, { slotId: s.id, citizenId });
    expect(booked.status).toBe(201);
    expect(booked.body.selfBooked).toBe(false);
    const early = await call(h, 'POST', `/v1/bookings/${booked.body.id}/attendance`, caseworker, {
      outcome: 'NO_SHOW',
    });
    expect(early.status).toBe(409);
    h.clock.setTo(new Date(new Date(s.startsAt).getTime() + 60_000));
    const noShow = await call(h, 'POST', `/v1/bookings/${booked.body.id}/attendance`, caseworker, {
      outcome: 'NO_SHOW',
    });
    expect(noShow.status).toBe(200);
    const mine = (events: EventEnvelope[]) => events.filter((e) => e.subject === citizenId);
    const booking = mine(
      await h.readTopic(Topics.booking, (all) => mine(all).some((e) => e.type === 'booking.no-show')),
    );
    expect(booking.find((e) => e.type === 'booking.no-show')).toMatchObject({
      data: { bookingId: booked.body.id, heldBy: 'JOBCENTER' },
    });
  });

  it('withdrawing a booked slot cancels the booking by the authority and frees the citizen', async () => {
    const { token } = await knownCitizen();
    const s = await slot({ daysAhead: 8 });
    const booked = await call(h, 'POST', '/v1/bookings', token, { slotId: s.id });
    const withdrawn = await call(h, 'DELETE', `/v1/slots/${s.id}`, caseworker);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.cancelledBookings).toEqual([booked.body.id]);
    const after = await call(h, 'GET', `/v1/bookings/${booked.body.id}`, token);
    expect(after.body).toMatchObject({ status: 'CANCELLED', cancelReason: 'CANCELLED_BY_AUTHORITY' });
    const fresh = await slot({ daysAhead: 8 });
    expect((await call(h, 'POST', '/v1/bookings', token, { slotId: fresh.id })).status).toBe(201);
  });

  it('generates slots from a weekly template, skipping holidays and closing days', async () => {
    const cal = await call(h, 'POST', '/v1/calendars', caseworker, {
      name: 'template',
      defaultLocation: 'Jobcenter 101',
    });
    const from = addDays(localDateOf(h.clock.now()), 3);
    const to = addDays(from, 13);
    await call(h, 'PUT', '/v1/organisation/closing-days', caseworker, {
      closingDays: [
        addDays(from, 0),
        addDays(from, 1),
        addDays(from, 2),
        addDays(from, 3),
        addDays(from, 4),
        addDays(from, 5),
        addDays(from, 6),
      ],
    });
    const body = {
      from,
      to,
      periods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '11:00' })),
      slotMinutes: 45,
      gapMinutes: 15,
      conversationTypes: [7],
      formats: ['IN_PERSON'],
      capacity: 1,
    };
    const generated = await call(h, 'POST', `/v1/calendars/${cal.body.id}/slots/generate`, caseworker, body);
    expect(generated.status).toBe(201);
    // one week closed; the other week: ≤ 5 working days × 2 slots
    expect(generated.body.created).toBeGreaterThan(0);
    expect(generated.body.created).toBeLessThanOrEqual(10);
    const again = await call(h, 'POST', `/v1/calendars/${cal.body.id}/slots/generate`, caseworker, body);
    expect(again.body.created).toBe(0);
    await call(h, 'PUT', '/v1/organisation/closing-days', caseworker, { closingDays: [] });
  });

  describe('defect 2: a citizen books only for an open booking deadline of theirs', () => {
    it('a token of a citizen Selvbook does not know books nothing: 403 with the reason, book or reserve', async () => {
      const stranger = randomUUID();
      const token = await h.token({ role: 'citizen', citizenId: stranger });
      const { id: slotId } = await slot();
      for (const path of ['/v1/bookings', '/v1/reservations']) {
        const refused = await call(h, 'POST', path, token, { slotId });
        expect(refused.status).toBe(403);
        expect(refused.body).toMatchObject({
          type: 'urn:selvbook:problem:citizen-unknown',
          detail: expect.stringContaining('no booking deadline'),
        });
      }
      expect(
        (await h.db.query('SELECT count(*)::int AS n FROM booking WHERE citizen_id = $1', [stranger])).rows[0].n,
      ).toBe(0);
      expect((await h.db.query('SELECT seats_taken FROM slot WHERE id = $1', [slotId])).rows[0].seats_taken).toBe(0);
    });

    it('without deadlineId the open deadline is taken, with its rules: one booking, then 409s', async () => {
      const { citizenId, token, deadlineId } = await knownCitizen();
      const first = await call(h, 'POST', '/v1/bookings', token, { slotId: (await slot()).id });
      expect(first.status).toBe(201);
      expect(first.body.deadlineId).toBe(deadlineId);
      for (let i = 0; i < 5; i++) {
        const more = await call(h, 'POST', '/v1/bookings', token, { slotId: (await slot()).id });
        expect(more.status).toBe(409);
        expect(more.body.type).toBe('urn:selvbook:problem:deadline-already-booked');
      }
      expect(
        (
          await h.db.query(`SELECT count(*)::int AS n FROM booking WHERE citizen_id = $1 AND status = 'BOOKED'`, [
            citizenId,
          ])
        ).rows[0].n,
      ).toBe(1);
    });

    it('the deadline taken is judged as if named: past its latest meeting date or of another type: 409', async () => {
      const { token } = await knownCitizen(20);
      const late = await call(h, 'POST', '/v1/bookings', token, { slotId: (await slot({ daysAhead: 30 })).id });
      expect(late.status).toBe(409);
      const otherType = await call(h, 'POST', '/v1/bookings', token, { slotId: (await slot({ types: [4] })).id });
      expect(otherType.status).toBe(409);
      expect(otherType.body).toMatchObject({
        type: 'urn:selvbook:problem:no-open-deadline',
        detail: expect.stringContaining('open booking deadline'),
      });
    });
  });

  it("defect 5: idempotency keys and reservations are one organisation actor's, even if subjects match", async () => {
    const { citizenId } = await knownCitizen();
    const here = await h.token({ role: 'caseworker', jobcenterCode: JOBCENTER, subject: 'same-subject' });
    const there = await h.token({ role: 'caseworker', jobcenterCode: OTHER_JOBCENTER, subject: 'same-subject' });
    const { id: slotId } = await slot({ capacity: 2 });
    const key = randomUUID();
    const booked = await call(h, 'POST', '/v1/bookings', here, { slotId, citizenId }, { 'idempotency-key': key });
    expect(booked.status).toBe(201);
    // The other jobcenter replaying the key does not get the booking back (before: 200 with the citizenId).
    const replayed = await call(h, 'POST', '/v1/bookings', there, { slotId, citizenId }, { 'idempotency-key': key });
    expect(replayed.status).toBe(403);
    expect(JSON.stringify(replayed.body)).not.toContain(booked.body.id);
    expect(
      (await call(h, 'POST', '/v1/bookings', here, { slotId, citizenId }, { 'idempotency-key': key })).status,
    ).toBe(201);

    const reserved = await call(h, 'POST', '/v1/reservations', here, {
      slotId: (await slot()).id,
      citizenId: (await knownCitizen()).citizenId,
    });
    expect(reserved.status).toBe(201);
    const foreign = await call(h, 'DELETE', `/v1/reservations/${reserved.body.id}`, there);
    expect(foreign.status).toBe(403);
    expect(foreign.body.type).toBe('urn:selvbook:problem:forbidden-reservation');
    expect((await call(h, 'POST', `/v1/reservations/${reserved.body.id}/confirm`, there)).status).toBe(403);
    expect((await call(h, 'DELETE', `/v1/reservations/${reserved.body.id}`, here)).status).toBe(204);
  });

  it("defect 9: only the meeting's authority (both, if joint) cancels, rebooks, registers attendance", async () => {
    const akasse = await h.token({ role: 'akasse', akasseId: AKASSE });
    // a jobcenter meeting of an a-kasse member: the a-kasse sees it, but does not change it
    const { citizenId } = await knownCitizen();
    const jobcenterMeeting = await call(h, 'POST', '/v1/bookings', caseworker, {
      slotId: (await slot()).id,
      citizenId,
    });
    expect(jobcenterMeeting.status).toBe(201);
    expect((await call(h, 'GET', `/v1/bookings/${jobcenterMeeting.body.id}`, akasse)).status).toBe(200);
    for (const [path, body] of [
      ['cancel', {}],
      ['rebook', { slotId: (await slot()).id }],
      ['attendance', { outcome: 'HELD' }],
    ] as const) {
      const refused = await call(h, 'POST', `/v1/bookings/${jobcenterMeeting.body.id}/${path}`, akasse, body);
      expect(refused.status).toBe(403);
      expect(refused.body.type).toBe('urn:selvbook:problem:forbidden-booking-change');
    }
    // an a-kasse meeting (CV conversation) of a citizen of the jobcenter: the jobcenter sees it, does not change it
    const akasseCalendar = await call(h, 'POST', '/v1/calendars', akasse, {
      name: 'A-kasse',
      defaultLocation: 'A-kassen, Vej 3',
    });
    const { citizenId: member } = await knownCitizen();
    const akasseMeeting = await call(h, 'POST', '/v1/bookings', akasse, {
      slotId: (await slotIn(akasseCalendar.body.id, akasse, [10])).id,
      citizenId: member,
    });
    expect(akasseMeeting.status).toBe(201);
    expect((await call(h, 'GET', `/v1/bookings/${akasseMeeting.body.id}`, caseworker)).status).toBe(200);
    expect((await call(h, 'POST', `/v1/bookings/${akasseMeeting.body.id}/cancel`, caseworker, {})).status).toBe(403);
    expect((await call(h, 'POST', `/v1/bookings/${akasseMeeting.body.id}/cancel`, akasse, {})).status).toBe(200);
    // a joint meeting: either participant may cancel it
    const { citizenId: both } = await knownCitizen();
    const joint = await call(h, 'POST', '/v1/bookings', caseworker, {
      slotId: (await slotIn(calendarId, caseworker, [17], { joint: true, partner: AKASSE })).id,
      citizenId: both,
    });
    expect(joint.status).toBe(201);
    expect((await call(h, 'POST', `/v1/bookings/${joint.body.id}/cancel`, akasse, {})).status).toBe(200);
    // and the holder itself cancels its own
    expect((await call(h, 'POST', `/v1/bookings/${jobcenterMeeting.body.id}/cancel`, caseworker, {})).status).toBe(200);
  });

  /** A fresh one-person slot in a given calendar, by that calendar's staff. */
  async function slotIn(
    calendar: string,
    token: string,
    types: number[],
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string }> {
    const start = new Date(
      Math.ceil((h.clock.now().getTime() + 6 * DAY) / 3_600_000) * 3_600_000 + (nextHour++ % 200) * 3_600_000,
    );
    const res = await call(h, 'POST', `/v1/calendars/${calendar}/slots`, token, {
      conversationTypes: types,
      formats: ['IN_PERSON'],
      capacity: 1,
      ...extra,
      times: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 45 * 60_000).toISOString() }],
    });
    expect(res.status).toBe(201);
    return res.body.items[0];
  }

  describe('who may do what; malformed requests are 4xx, never 5xx', () => {
    it('401 without a token or with a bad one', async () => {
      expect((await call(h, 'GET', '/v1/bookings', undefined)).status).toBe(401);
      expect((await call(h, 'GET', '/v1/bookings', 'not.a.token')).status).toBe(401);
    });

    it('defect 4: malformed claims (a CPR number as citizenId, a 4-digit jobcenter) → 401, never 500', async () => {
      for (const [principal, reason] of [
        [
          { role: 'citizen', citizenId: '0101801010', subject: 'mitid-4711' },
          'citizenId must be a pseudonymous citizenId',
        ],
        [{ role: 'caseworker', jobcenterCode: '1010' }, '5-digit jobcenter code'],
      ] as const) {
        const res = await call(h, 'GET', '/v1/bookings', await h.token(principal as never));
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.detail).toContain(reason);
      }
    });

    it("403 for a citizen on staff endpoints, for another citizen's booking, and for another jobcenter", async () => {
      const { citizenId: owner, token: ownerToken } = await knownCitizen();
      const booked = await call(h, 'POST', '/v1/bookings', ownerToken, { slotId: (await slot()).id });
      const stranger = await h.token({ role: 'citizen', citizenId: randomUUID() });
      expect((await call(h, 'GET', `/v1/bookings/${booked.body.id}`, stranger)).status).toBe(403);
      expect((await call(h, 'POST', `/v1/bookings/${booked.body.id}/cancel`, stranger, {})).status).toBe(403);
      expect((await call(h, 'GET', `/v1/bookings?citizenId=${owner}`, stranger)).status).toBe(403);
      expect(
        (await call(h, 'POST', '/v1/bookings', stranger, { slotId: (await slot()).id, citizenId: owner })).status,
      ).toBe(403);
      expect((await call(h, 'POST', '/v1/calendars', stranger, { name: 'x' })).status).toBe(403);
      const otherCaseworker = await h.token({ role: 'caseworker', jobcenterCode: OTHER_JOBCENTER });
      expect((await call(h, 'GET', `/v1/bookings/${booked.body.id}`, otherCaseworker)).status).toBe(403);
      expect((await call(h, 'DELETE', `/v1/slots/${booked.body.slotId}`, otherCaseworker)).status).toBe(403);
      expect(
        (
          await call(h, 'POST', `/v1/calendars/${calendarId}/slots`, otherCaseworker, {
            conversationTypes: [7],
            formats: ['PHONE'],
            capacity: 1,
            times: [{ startsAt: '2030-01-02T08:00:00Z', endsAt: '2030-01-02T09:00:00Z' }],
          })
        ).status,
      ).toBe(403);
      expect((await call(h, 'GET', `/v1/bookings/${booked.body.id}`, ownerToken)).status).toBe(200);
    });

    it.each([
      ['POST', '/v1/bookings', '{"slotId":'],
      ['POST', '/v1/bookings', { slotId: 'not-a-uuid' }],
      ['POST', '/v1/bookings', { slotId: randomUUID(), extra: 1 }],
      ['POST', '/v1/bookings', { slotId: randomUUID(), format: 'CARRIER_PIGEON' }],
      ['GET', '/v1/bookings/not-a-uuid', undefined],
      ['GET', '/v1/bookings/%E0%A4%A', undefined],
      ['GET', '/docs/%00', undefined], // a NUL in a static file's path (the fuzz suite found it a 500)
      ['GET', '/v1/bookings/a%00b', undefined],
      ['GET', '/v1/slots?deadlineId=nope', undefined],
      ['GET', '/v1/slots?deadlineId=00000000-0000-4000-8000-000000000000&cursor=garbage', undefined],
      ['POST', `/v1/reservations/${randomUUID()}/confirm`, undefined],
    ])('%s %s with %j → 4xx problem+json', async (method, path, body) => {
      const token = await h.token({ role: 'citizen', citizenId: randomUUID() });
      const res = await call(h, method, path, token, body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });

    describe('defect 6: bad input is 400 problem+json with a reason, never 5xx', () => {
      const expect400 = (res: { status: number; body: Json; headers: Headers }, reason: RegExp) => {
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.detail).toMatch(reason);
      };
      const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

      it('JSON nested 2,000 and 20,000 levels deep, on every kind of body', async () => {
        const citizen = await h.token({ role: 'citizen', citizenId: randomUUID() });
        for (const levels of [2000, 20000]) {
          expect400(
            await call(h, 'POST', '/v1/bookings', citizen, `{"slotId":"${randomUUID()}","x":${deep(levels)}}`),
            /nested more than 32 levels/,
          );
          expect400(await call(h, 'POST', '/v1/calendars', caseworker, deep(levels)), /nested more than 32 levels/);
          expect400(
            await call(h, 'POST', `/v1/calendars/${calendarId}/slots`, caseworker, `[${deep(levels)}]`),
            /nested/,
          );
        }
      });

      it('a NUL character in any string: calendar name, slot location, a query, a cursor', async () => {
        expect400(
          await call(h, 'POST', '/v1/calendars', caseworker, { name: 'a\u0000b' }),
          /name must not contain a NUL character/,
        );
        expect400(
          await call(h, 'POST', `/v1/calendars/${calendarId}/slots`, caseworker, {
            conversationTypes: [7],
            formats: ['PHONE'],
            capacity: 1,
            location: 'Vej\u00001',
            times: [{ startsAt: '2030-01-02T08:00:00Z', endsAt: '2030-01-02T09:00:00Z' }],
          }),
          /location must not contain a NUL/,
        );
        expect400(await call(h, 'GET', '/v1/slots?location=a%00b', caseworker), /location must not contain a NUL/);
        const nulCursor = Buffer.from(JSON.stringify(['2030-01-01T00:00:00Z\u0000', randomUUID()])).toString(
          'base64url',
        );
        expect400(await call(h, 'GET', `/v1/slots?cursor=${nulCursor}`, caseworker), /cursor/);
        expect400(await call(h, 'GET', `/v1/slots?cursor=a%00b`, caseworker), /NUL/);
      });

      it('one cursor codec: a cursor that is not ours is 400 on /v1/bookings as on /v1/slots', async () => {
        const { citizenId, token } = await knownCitizen();
        const forged = Buffer.from(JSON.stringify(['not a date', '00000000-0000-4000-8000-000000000000'])).toString(
          'base64url',
        );
        expect400(
          await call(h, 'GET', `/v1/bookings?citizenId=${citizenId}&cursor=${forged}`, token),
          /invalid cursor/,
        );
        expect400(await call(h, 'GET', `/v1/slots?cursor=${forged}`, caseworker), /invalid cursor/);
        const wrongId = Buffer.from(JSON.stringify(['2030-01-01T00:00:00Z', 'x'])).toString('base64url');
        expect400(
          await call(h, 'GET', `/v1/bookings?citizenId=${citizenId}&cursor=${wrongId}`, token),
          /invalid cursor/,
        );
      });

      it('what an endpoint accepts can be published: a CPR-shaped location or default one is refused', async () => {
        expect400(
          await call(h, 'POST', '/v1/calendars', caseworker, { name: 'CPR', defaultLocation: 'Hos 010180-1001' }),
          /defaultLocation .*CPR/,
        );
        expect400(
          await call(h, 'POST', `/v1/calendars/${calendarId}/slots`, caseworker, {
            conversationTypes: [7],
            formats: ['PHONE'],
            capacity: 1,
            location: '0101801001',
            times: [{ startsAt: '2030-01-02T08:00:00Z', endsAt: '2030-01-02T09:00:00Z' }],
          }),
          /location .*CPR/,
        );
        // and times the event contract could not carry
        expect400(
          await call(h, 'POST', `/v1/calendars/${calendarId}/slots`, caseworker, {
            conversationTypes: [7],
            formats: ['PHONE'],
            capacity: 1,
            times: [{ startsAt: '9999-01-02T08:00:00Z', endsAt: '9999-01-02T09:00:00Z' }],
          }),
          /startsAt/,
        );
      });
    });

    it('another media type → 415, empty JSON → 400, both problem+json; the correlation id comes back', async () => {
      const token = await h.token({ role: 'citizen', citizenId: randomUUID() });
      for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
        const other = await call(h, 'POST', '/v1/bookings', token, `slotId=${randomUUID()}`, { 'content-type': type });
        expect(other.status).toBe(415);
        expect(other.headers.get('content-type')).toContain('application/problem+json');
      }
      const flow = '4bf92f3577b34da6a3ce929d0e0e4736'; // a W3C trace id
      const empty = await call(h, 'POST', '/v1/bookings', token, '', { 'x-correlation-id': flow });
      expect(empty.status).toBe(400);
      expect(empty.body).toMatchObject({
        status: 400,
        instance: '/v1/bookings',
        detail: expect.stringContaining('slotId'),
      });
      expect(empty.headers.get('x-correlation-id')).toBe(flow);
      // defect 1/3: any other correlation id (free text, a CPR number) is replaced by a new uuid, never echoed
      for (const given of ['req-4711', '0101801001', 'aa010180-1001-4aaa-8aaa-aaaaaaaaaaaa']) {
        const replaced = (await call(h, 'POST', '/v1/bookings', token, '', { 'x-correlation-id': given })).headers.get(
          'x-correlation-id',
        );
        expect(replaced).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(replaced).not.toBe(given);
      }
      // a trailing slash names the same resource
      expect((await call(h, 'GET', '/v1/bookings/', token)).status).toBe(200);
    });
  });
});
