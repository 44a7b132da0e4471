import {
  AbsenceCode,
  ActorRole,
  BookingBookedData,
  CancellationReason,
  ConversationType,
  DeadlineClosedReason,
  MeetingFormat,
} from '@selvbook/contracts';
import { createTestDatabase } from '@selvbook/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_DEADLINE_POLICY } from '../src/domain/policy';
import { ApplyScheduleUseCase } from '../src/use-cases/apply-schedule.usecase';
import {
  RecordBookingUseCase,
  RecordCancellationUseCase,
  RecordRebookingUseCase,
} from '../src/use-cases/booking-events.usecase';
import { openDeadlineDataSource, scheduleData } from './fixtures';

/** Booking events against real PostgreSQL: fulfil, rebook, cancel → reopen (RULES §5 lifecycle and invariant). */
describe('booking events (PostgreSQL)', () => {
  let ds: DataSource;
  const apply = new ApplyScheduleUseCase(DEFAULT_DEADLINE_POLICY);
  const bookings = {
    booked: new RecordBookingUseCase(),
    rebooked: new RecordRebookingUseCase(),
    cancelled: new RecordCancellationUseCase(DEFAULT_DEADLINE_POLICY),
  };
  const given = new Date('2026-03-02T10:00:00Z');

  beforeAll(async () => {
    ds = await openDeadlineDataSource(await createTestDatabase('deadline_bookings'));
  });
  afterAll(() => ds.destroy());

  const events = async (citizenId: string) =>
    (await ds.query(
      `SELECT event_type AS t, payload FROM outbox WHERE key = $1 AND topic = 'selvbook.deadline.v1' ORDER BY id`,
      [citizenId],
    )) as Array<{ t: string; payload: { data: Record<string, unknown> } }>;
  const state = async (citizenId: string) =>
    (
      await ds.query(
        `SELECT status, deadline_date::text AS d, fulfilling_booking_id AS b FROM deadline WHERE citizen_id = $1`,
        [citizenId],
      )
    )[0];
  const booked = (citizenId: string, startsAt: string, over: Partial<BookingBookedData> = {}): BookingBookedData => ({
    citizenId,
    jobcenterCode: '10101',
    akasseId: 'aka-one',
    bookingId: randomUUID(),
    slotId: randomUUID(),
    conversationType: ConversationType.JOB_CONVERSATION,
    startsAt,
    endsAt: new Date(new Date(startsAt).getTime() + 1800_000).toISOString(),
    format: MeetingFormat.IN_PERSON,
    location: 'Jobcenter',
    bookedBy: ActorRole.CITIZEN,
    selfBooked: true,
    ...over,
  });
  /** The citizen cancels the booking (afbud) at `at`. */
  const cancelByCitizen = (b: BookingBookedData, at: string) =>
    ds.transaction((tx) =>
      bookings.cancelled.execute(
        { ...b, cancelledBy: ActorRole.CITIZEN, reason: CancellationReason.CITIZEN_CANCELLED },
        tx,
        new Date(at),
      ),
    );

  it('book → fulfilled; rebook → by the new one; cancel with time left → reopened, same dates', async () => {
    const s = scheduleData({ windowTo: '2026-03-27' });
    await ds.transaction((tx) => apply.execute(s, tx, given));
    const first = booked(s.citizenId, '2026-03-20T09:00:00Z');
    await ds.transaction((tx) => bookings.booked.execute(first, tx, given));
    expect(await state(s.citizenId)).toEqual({ status: 'fulfilled', d: '2026-03-20', b: first.bookingId });
    const second = { ...booked(s.citizenId, '2026-03-24T09:00:00Z'), previousBookingId: first.bookingId };
    await ds.transaction((tx) =>
      bookings.cancelled.execute(
        {
          ...first,
          cancelledBy: ActorRole.CITIZEN,
          reason: CancellationReason.REBOOKED,
          replacedByBookingId: second.bookingId,
        },
        tx,
        given,
      ),
    );
    await ds.transaction((tx) => bookings.rebooked.execute(second, tx, given));
    expect(await state(s.citizenId)).toEqual({ status: 'fulfilled', d: '2026-03-20', b: second.bookingId });
    await cancelByCitizen(second, '2026-03-10T10:00:00Z');
    expect(await state(s.citizenId)).toEqual({ status: 'open', d: '2026-03-20', b: null });
    expect((await events(s.citizenId)).map((e) => e.t)).toEqual([
      'deadline.opened',
      'deadline.fulfilled',
      'deadline.fulfilled',
      'deadline.reopened',
    ]);
  });

  it('a cancellation after the deadline date reopens with REOPEN_MINIMUM_DAYS, never an overnight miss', async () => {
    const s = scheduleData({ windowTo: '2026-03-27' });
    await ds.transaction((tx) => apply.execute(s, tx, given));
    const b = booked(s.citizenId, '2026-03-26T09:00:00Z');
    await ds.transaction((tx) => bookings.booked.execute(b, tx, given));
    await cancelByCitizen(b, '2026-03-23T10:00:00Z');
    expect(await state(s.citizenId)).toEqual({ status: 'open', d: '2026-03-31', b: null });
  });

  it.each([
    [CancellationReason.CITIZEN_DEREGISTERED, DeadlineClosedReason.CITIZEN_DEREGISTERED, undefined],
    [
      CancellationReason.SELF_BOOKING_ENDED,
      DeadlineClosedReason.ABSENCE_REGISTERED,
      AbsenceCode.EXEMPT_FROM_SELF_BOOKING,
    ],
  ])(
    'a booking cancelled as %s closes its deadline (%s) instead of reopening it',
    async (reason, closed, absenceCode) => {
      const s = scheduleData({ windowTo: '2026-03-27' });
      await ds.transaction((tx) => apply.execute(s, tx, given));
      const b = booked(s.citizenId, '2026-03-20T09:00:00Z');
      await ds.transaction((tx) => bookings.booked.execute(b, tx, given));
      await ds.transaction((tx) =>
        bookings.cancelled.execute(
          { ...b, cancelledBy: ActorRole.SYSTEM, reason },
          tx,
          new Date('2026-03-10T10:00:00Z'),
        ),
      );
      expect(await state(s.citizenId)).toEqual({ status: 'closed', d: '2026-03-20', b: null });
      const last = (await events(s.citizenId)).at(-1)!;
      expect(last.t).toBe('deadline.closed');
      expect(last.payload.data.reason).toBe(closed);
      expect(last.payload.data.absenceCode).toBe(absenceCode);
    },
  );

  it('a deadline given while a matching booking exists is fulfilled at once (RULES §5 [F:S23,S24])', async () => {
    const s = scheduleData({ windowTo: '2026-03-27' });
    await ds.transaction((tx) => bookings.booked.execute(booked(s.citizenId, '2026-03-25T09:00:00Z'), tx, given));
    await ds.transaction((tx) => apply.execute(s, tx, given));
    expect((await state(s.citizenId)).status).toBe('fulfilled');
    expect((await events(s.citizenId)).map((e) => e.t)).toEqual(['deadline.opened', 'deadline.fulfilled']);
  });
  it('[F:S22, F:S23] a booking naming no deadline fulfils it only if its window admits the meeting', async () => {
    const s = scheduleData({ windowTo: '2026-03-27' }); // deadline 20 March, latest meeting 27 March
    await ds.transaction((tx) => apply.execute(s, tx, given));
    await ds.transaction((tx) => bookings.booked.execute(booked(s.citizenId, '2026-03-31T08:00:00Z'), tx, given));
    expect(await state(s.citizenId)).toEqual({ status: 'open', d: '2026-03-20', b: null });
    const inWindow = booked(s.citizenId, '2026-03-27T08:00:00Z');
    await ds.transaction((tx) => bookings.booked.execute(inWindow, tx, given));
    expect(await state(s.citizenId)).toEqual({ status: 'fulfilled', d: '2026-03-20', b: inWindow.bookingId });
  });
});
