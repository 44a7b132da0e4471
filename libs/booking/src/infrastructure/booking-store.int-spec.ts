import { jobcenterTopic, Topics, validateEvent } from '@selvbook/contracts';
import { MESSAGING_MIGRATIONS } from '@selvbook/messaging';
import { openDataSource } from '@selvbook/persistence';
import { DomainProblem, Principal } from '@selvbook/platform';
import { createTestDatabase } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DEFAULT_BOOKING_POLICY } from '../domain/booking-policy';
import { BOOKING_MIGRATIONS } from '../migrations';
import { prepareBooking } from '../use-cases/shared/prepare-booking';
import { BookingDraft, bookSeat, loadDirectBookingContext } from './booking-store';
import { PgQueryable, pgPoolOf } from './database';
import { violatedConstraint } from './db-errors';
import { outboxRowsFor } from './direct-outbox';
import { bookedEvent, bookedEventOf, slotEvent } from './events';
import { bookingView, parseInstant, rangeBounds, SlotRow } from './rows';

describe('bookSeat: seat, booking, audit row and outbox rows in one statement (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let pool: PgQueryable;
  const caseworker: Principal = { subject: 'cw-1', role: 'caseworker', jobcenterCode: '10101' };
  let calendarId: string;
  let hour = 0;

  beforeAll(async () => {
    dataSource = await openDataSource({
      url: await createTestDatabase('booking_store'),
      applicationName: 'booking-store-test',
      poolSize: 4,
      migrations: [...MESSAGING_MIGRATIONS, ...BOOKING_MIGRATIONS],
    });
    pool = pgPoolOf(dataSource);
    await pool.query(`INSERT INTO organisation (kind, code) VALUES ('JOBCENTER', '10101')`);
    calendarId = randomUUID();
    await pool.query(`INSERT INTO calendar (id, org_kind, org_code, name) VALUES ($1, 'JOBCENTER', '10101', 'test')`, [
      calendarId,
    ]);
  });
  afterAll(() => dataSource?.destroy());

  /** A slot days ahead, three hours after the previous one unless `startsAt` is given. */
  async function newSlot(capacity: number, opts: { calendar?: string; startsAt?: Date } = {}): Promise<SlotRow> {
    const startsAt =
      opts.startsAt ??
      new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3 * 86_400_000 + hour++ * 3 * 3_600_000);
    const { rows } = await pool.query<{ s: SlotRow }>(
      `INSERT INTO slot (id, calendar_id, org_kind, org_code, jobcenter_code, conversation_types, formats, starts_at,
           ends_at, capacity, location)
       VALUES ($1, $2, 'JOBCENTER', '10101', '10101', '{7}', '{IN_PERSON}', $3, $4, $5, 'Jobcenter, Vej 1')
         RETURNING row_to_json(slot) AS s`,
      [randomUUID(), opts.calendar ?? calendarId, startsAt, new Date(startsAt.getTime() + 45 * 60_000), capacity],
    );
    return rows[0].s;
  }

  /** A held reservation of a seat on the slot by `role` `subject`, expiring `expiresIn` from now (negative: lapsed). */
  async function holdSeat(slotId: string, expiresIn: string, role: string, subject: string): Promise<string> {
    const id = randomUUID();
    await pool.query(
      `INSERT INTO reservation (id, slot_id, citizen_id, conversation_type, format, status, expires_at,
           created_by_role, created_by_subject)
       VALUES ($1, $2, $3, 7, 'IN_PERSON', 'HELD', now() + $4::interval, $5, $6)`,
      [id, slotId, randomUUID(), expiresIn, role, subject],
    );
    return id;
  }

  /** What BookSlotUseCase hands the statement for a caseworker booking `slot` (as read) for a citizen. */
  function bookingOf(slot: SlotRow, citizenId: string = randomUUID()) {
    const now = new Date();
    const draft: BookingDraft = {
      id: randomUUID(),
      slotId: slot.id,
      citizenId,
      deadlineId: null,
      jobcenterCode: '10101',
      akasseId: null,
      conversationType: 7,
      format: 'IN_PERSON',
      selfBooked: false,
      rebookingAllowed: true,
      rebookableUntil: new Date(parseInstant(slot.starts_at).getTime() - 120 * 60_000),
    };
    const booked = bookedEventOf(
      {
        bookingId: draft.id,
        slotId: slot.id,
        citizenId,
        jobcenterCode: '10101',
        akasseId: null,
        deadlineId: null,
        conversationType: 7,
        startsAt: parseInstant(slot.starts_at),
        endsAt: parseInstant(slot.ends_at),
        format: 'IN_PERSON',
        location: slot.location,
        bookedBy: 'CASEWORKER',
        selfBooked: false,
        previousBookingId: null,
      },
      'booking-service',
      now,
    );
    const guess = { ...slot, seats_taken: Math.min(slot.seats_taken + 1, slot.capacity) };
    const outbox = outboxRowsFor([
      { event: booked },
      ...slotEvent(guess, 'booking-service', now).map((event) => ({ event, slotCounts: true })),
    ]);
    const write = (pinned = { startsAt: slot.starts_at, endsAt: slot.ends_at, location: slot.location }) =>
      bookSeat(pool, {
        draft,
        pinned,
        principal: caseworker,
        actorRole: 'CASEWORKER',
        now,
        correlationId: 'corr-1',
        takeSeat: true,
        outbox,
      });
    return { draft, write };
  }

  it('writes the booking, its audit row and its events; the slot event carries the seats the UPDATE left', async () => {
    const slot = await newSlot(2);
    const first = bookingOf(slot);
    const written = await first.write();
    expect(written?.booking).toMatchObject({ id: first.draft.id, status: 'BOOKED', citizen_id: first.draft.citizenId });
    expect(written?.seatsTaken).toBe(1);
    // a second booking read the same (stale) seat count: the statement still reports the seats actually left
    const second = bookingOf(slot);
    expect((await second.write())?.seatsTaken).toBe(2);

    const audit = await pool.query<{ action: string; after: { id: string }; correlation_id: string }>(
      `SELECT action, after, correlation_id FROM audit_log WHERE entity_id = ANY($1) ORDER BY id`,
      [[first.draft.id, second.draft.id]],
    );
    expect(audit.rows.map((r) => [r.action, r.after.id, r.correlation_id])).toEqual([
      ['booking.book', first.draft.id, 'corr-1'],
      ['booking.book', second.draft.id, 'corr-1'],
    ]);
    const { rows } = await pool.query<{
      event_type: string;
      topic: string;
      also_to: string[];
      key: string;
      payload: { data: Record<string, unknown> };
    }>(
      `SELECT event_type, topic, also_to, key, payload FROM outbox WHERE payload->'data'->>'slotId' = $1 ORDER BY id`,
      [slot.id],
    );
    // one row per event, in the order written; the relay also sends a row to its `also_to` topics
    expect(rows.map((r) => [r.event_type, r.topic, r.also_to])).toEqual([
      ['booking.booked', Topics.booking, [jobcenterTopic('10101')]],
      ['slot.availability-changed', Topics.booking, []],
      ['booking.booked', Topics.booking, [jobcenterTopic('10101')]],
      ['slot.availability-changed', Topics.booking, []],
    ]);
    for (const row of rows) expect(validateEvent(row.payload, { strict: true })).toMatchObject({ ok: true });
    const slotEvents = rows.filter((r) => r.event_type === 'slot.availability-changed' && r.topic === Topics.booking);
    expect(slotEvents.map((r) => [r.payload.data.remainingCapacity, r.payload.data.status])).toEqual([
      [1, 'AVAILABLE'],
      [0, 'FULLY_BOOKED'],
    ]);
    const booked = rows.filter((r) => r.event_type === 'booking.booked');
    expect(booked[0].payload.data).toMatchObject({
      bookingId: first.draft.id,
      startsAt: parseInstant(slot.starts_at).toISOString(),
      location: 'Jobcenter, Vej 1',
    });
    expect(booked[0].key).toBe(first.draft.citizenId);
  });

  it('constraints decide races: a full slot and an overlapping meeting are refused, nothing half-written', async () => {
    const slot = await newSlot(1);
    const winner = bookingOf(slot);
    await winner.write();
    const loser = bookingOf(slot);
    expect(violatedConstraint(await loser.write().catch((e: unknown) => e))).toBe('slot_capacity');
    // another calendar, a quarter of an hour later: overlaps the winner's meeting
    const otherCalendar = randomUUID();
    await pool.query(`INSERT INTO calendar (id, org_kind, org_code, name) VALUES ($1, 'JOBCENTER', '10101', 'other')`, [
      otherCalendar,
    ]);
    const overlapping = await newSlot(1, {
      calendar: otherCalendar,
      startsAt: new Date(parseInstant(slot.starts_at).getTime() + 15 * 60_000),
    });
    const b = bookingOf(overlapping, winner.draft.citizenId);
    expect(violatedConstraint(await b.write().catch((e: unknown) => e))).toBe('booking_citizen_no_overlap');
    const counts = await pool.query<{ bookings: number; outbox: number; seats: number }>(
      `SELECT (SELECT count(*)::int FROM booking WHERE id = ANY($1)) AS bookings,
              (SELECT count(*)::int FROM outbox WHERE payload->'data'->>'bookingId' = ANY($1::text[])) AS outbox,
              (SELECT seats_taken FROM slot WHERE id = $2) AS seats`,
      [[loser.draft.id, b.draft.id], overlapping.id],
    );
    expect(counts.rows[0]).toEqual({ bookings: 0, outbox: 0, seats: 0 });
  });

  it('a slot moved after it was read books nothing (lapsed reservations left alone); read again, books', async () => {
    const slot = await newSlot(1);
    const reservationId = await holdSeat(slot.id, '-1 minute', 'CITIZEN', 'x');
    await pool.query(`UPDATE slot SET seats_taken = 1 WHERE id = $1`, [slot.id]);
    const stale = bookingOf({ ...slot, seats_taken: 1 });
    // moved by a caseworker between our read and our write (a move needs no seats taken; forced here)
    const later = new Date(parseInstant(slot.starts_at).getTime() + 30 * 60_000);
    await pool.query(`UPDATE slot SET starts_at = $2, ends_at = $3 WHERE id = $1`, [
      slot.id,
      later,
      new Date(later.getTime() + 45 * 60_000),
    ]);
    expect(await stale.write()).toBeNull();
    const state = await pool.query<{ seats: number; reservation: string; bookings: number; outbox: number }>(
      `SELECT (SELECT seats_taken FROM slot WHERE id = $1) AS seats, (SELECT status FROM reservation
           WHERE id = $2) AS reservation,
              (SELECT count(*)::int FROM booking WHERE slot_id = $1) AS bookings, (SELECT count(*)::int FROM outbox
                WHERE payload->'data'->>'slotId' = $1::text) AS outbox`,
      [slot.id, reservationId],
    );
    expect(state.rows[0]).toEqual({ seats: 1, reservation: 'HELD', bookings: 0, outbox: 0 });

    const reread = await loadDirectBookingContext(pool, slot.id, null, null, null, null);
    const fresh = bookingOf(reread.slot!);
    const written = await fresh.write();
    // the lapsed reservation's seat was freed and taken by this booking, in the same statement
    expect(written?.seatsTaken).toBe(1);
    expect(rangeBounds(written!.booking.during).startsAt.getTime()).toBe(later.getTime());
    expect(
      (await pool.query<{ status: string }>(`SELECT status FROM reservation WHERE id = $1`, [reservationId])).rows[0]
        .status,
    ).toBe('EXPIRED');
  });

  it("in a transaction: a confirmed reservation keeps its seat, one audit per rebooking, caller's events", async () => {
    const slot = await newSlot(2);
    await holdSeat(slot.id, '5 minutes', 'CASEWORKER', 'cw-1');
    // a lapsed reservation of someone else: a confirmation takes no seat, so it frees none either
    await holdSeat(slot.id, '-1 minute', 'CASEWORKER', 'cw-2');
    await pool.query(`UPDATE slot SET seats_taken = 2 WHERE id = $1`, [slot.id]);
    const pinned = { startsAt: slot.starts_at, endsAt: slot.ends_at, location: slot.location };
    const confirmed = bookingOf(slot);
    const seat = { pinned, principal: caseworker, actorRole: 'CASEWORKER', now: new Date(), correlationId: 'corr-2' };
    const written = await dataSource.transaction((tx) =>
      bookSeat(tx, { ...seat, draft: confirmed.draft, takeSeat: false }),
    );
    expect(written?.seatsTaken).toBe(2);

    const previous = bookingOf(await newSlot(1));
    await previous.write();
    const rebooked = bookingOf({ ...slot, seats_taken: 2 });
    rebooked.draft.previousBookingId = previous.draft.id;
    // the slot is full; a rebooking takes a seat, freeing the lapsed reservation's on the way
    const again = await dataSource.transaction((tx) =>
      bookSeat(tx, { ...seat, draft: rebooked.draft, takeSeat: true }),
    );
    expect(again?.seatsTaken).toBe(2);
    expect(again?.booking.previous_booking_id).toBe(previous.draft.id);
    const audit = await pool.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_id = ANY($1) ORDER BY id`,
      [[confirmed.draft.id, rebooked.draft.id]],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['booking.book', 'booking.rebook']);
    const outbox = await pool.query(`SELECT 1 FROM outbox WHERE payload->'data'->>'bookingId' = ANY($1::text[])`, [
      [confirmed.draft.id, rebooked.draft.id],
    ]);
    expect(outbox.rows).toHaveLength(0);
  });

  it('finds the booking an earlier request with the same idempotency key made', async () => {
    const slot = await newSlot(1);
    const keyed = bookingOf(slot);
    keyed.draft.idempotencyScope = 'cw-1';
    keyed.draft.idempotencyKey = 'key-1';
    await keyed.write();
    const context = await loadDirectBookingContext(pool, slot.id, null, null, null, { scope: 'cw-1', key: 'key-1' });
    expect(context.earlier?.id).toBe(keyed.draft.id);
    expect(
      (await loadDirectBookingContext(pool, slot.id, null, null, null, { scope: 'cw-2', key: 'key-1' })).earlier,
    ).toBeNull();
  });
  describe('[F:S22, F:S23] the deadline a booking fulfils is the same whether the request names it or not', () => {
    const citizenPrincipal = (citizenId: string): Principal => ({
      subject: `citizen:${citizenId}`,
      role: 'citizen',
      citizenId,
    });
    const localDay = (d: Date, days: number) =>
      new Date(d.getTime() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });

    async function deadline(
      citizenId: string,
      number: number,
      latestMeetingDate: string,
      status = 'OPEN',
    ): Promise<string> {
      const id = randomUUID();
      await pool.query(
        `INSERT INTO deadline (deadline_id, citizen_id, jobcenter_code, akasse_id, conversation_type,
             conversation_number, deadline_date,
                               latest_meeting_date, contact_group, can_self_book, status)
         VALUES ($1, $2, '10101', NULL, 7, $3, $4, $4, 'UNEMPLOYMENT_BENEFIT', true, $5)`,
        [id, citizenId, number, latestMeetingDate, status],
      );
      return id;
    }

    it('unnamed: the open deadline whose last day admits the slot, else the earliest, refused as named', async () => {
      const citizenId = randomUUID();
      const slot = await newSlot(1); // three days ahead or more
      const day = new Date(parseInstant(slot.starts_at));
      const tooEarly = await deadline(citizenId, 2, localDay(day, -1));
      const admits = await deadline(citizenId, 3, localDay(day, 5));
      await deadline(citizenId, 1, localDay(day, 9), 'FULFILLED');
      const unnamed = await loadDirectBookingContext(pool, slot.id, null, citizenId, null, null);
      expect(unnamed.deadline?.deadline_id).toBe(admits);
      const { draft } = prepareBooking(
        citizenPrincipal(citizenId),
        { slotId: slot.id },
        unnamed,
        new Date(),
        DEFAULT_BOOKING_POLICY,
      );
      expect(draft.deadlineId).toBe(admits);

      // Only the deadline whose window ends before the slot is open:
      // the unnamed request is refused with the named one's reason.
      await pool.query(`UPDATE deadline SET status = 'CLOSED' WHERE deadline_id = $1`, [admits]);
      const onlyEarly = await loadDirectBookingContext(pool, slot.id, null, citizenId, null, null);
      expect(onlyEarly.deadline?.deadline_id).toBe(tooEarly);
      const named = await loadDirectBookingContext(pool, slot.id, tooEarly, citizenId, null, null);
      const refusal = (request: { slotId: string; deadlineId?: string }, context: typeof named) => {
        try {
          prepareBooking(citizenPrincipal(citizenId), request, context, new Date(), DEFAULT_BOOKING_POLICY);
          return undefined;
        } catch (error) {
          return error instanceof DomainProblem
            ? { status: error.getStatus(), code: error.code, reason: error.reason }
            : error;
        }
      };
      const whenNamed = refusal({ slotId: slot.id, deadlineId: tooEarly }, named);
      expect(whenNamed).toMatchObject({ status: 409, code: 'after-latest-meeting-date' });
      expect(refusal({ slotId: slot.id }, onlyEarly)).toEqual(whenNamed);

      // No open deadline of that type: nothing to fulfil.
      await pool.query(`UPDATE deadline SET status = 'CLOSED' WHERE deadline_id = $1`, [tooEarly]);
      expect((await loadDirectBookingContext(pool, slot.id, null, citizenId, null, null)).deadline).toBeNull();
    });
  });
  it('[F:S21 §20 nr. 11–12] row, view and booking.booked state the rebooking rights (not an old row)', async () => {
    const slot = await newSlot(1);
    const b = bookingOf(slot);
    const written = await b.write();
    const view = bookingView(written!.booking);
    expect(view).toMatchObject({ rebookingAllowed: true, rebookableUntil: b.draft.rebookableUntil!.toISOString() });
    // the rebook and confirm paths build booking.booked from the row
    expect(bookedEvent(written!.booking, 'booking-service', new Date()).data).toMatchObject({
      rebookingAllowed: true,
      rebookableUntil: view.rebookableUntil,
    });
    const before = { ...written!.booking, rebooking_allowed: null, rebookable_until: null };
    expect(bookingView(before)).not.toHaveProperty('rebookingAllowed');
    expect(bookedEvent(before, 'booking-service', new Date()).data).not.toHaveProperty('rebookingAllowed');
  });
});
