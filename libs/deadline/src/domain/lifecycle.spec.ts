import {
  AbsenceCode,
  ContactGroup,
  ConversationHolder,
  ConversationStatus,
  ConversationType,
  DeadlineClosedReason,
  ExemptionKind,
  MissedDeadlineConsequence,
  SummonsReason,
} from '@selvbook/contracts';
import {
  ActiveDeadline,
  computeDeadlineDates,
  ConversationNeed,
  expiryInstantOf,
  expiryOutcome,
  extendForOutages,
  immediateBookingFor,
  immediateBookingShows,
  isSelfBookable,
  matchingBooking,
  meetingFormatsFor,
  planSchedule,
  reopenedDates,
  ScheduleInput,
} from './lifecycle';
import { DEFAULT_DEADLINE_POLICY as P, policyWith } from './policy';

const G = ContactGroup;
const JC = '10101';

function conv(over: Partial<ConversationNeed> = {}): ConversationNeed {
  return {
    number: 4,
    type: ConversationType.JOB_CONVERSATION,
    guidingDate: '2024-06-03',
    windowFrom: '2024-06-01',
    windowTo: '2024-06-17',
    status: ConversationStatus.DUE,
    needsBookingDeadline: true,
    ...over,
  };
}

function active(over: Partial<ActiveDeadline> = {}): ActiveDeadline {
  return {
    id: 'd1',
    conversationNumber: 4,
    conversationType: ConversationType.JOB_CONVERSATION,
    guidingDate: '2024-06-03',
    windowFrom: '2024-06-01',
    windowTo: '2024-06-17',
    status: 'open',
    deadlineDate: '2024-06-10',
    latestMeetingDate: '2024-06-17',
    ...over,
  };
}

function schedule(over: Partial<ScheduleInput> = {}): ScheduleInput {
  return {
    today: '2024-05-01',
    contactGroup: G.UNEMPLOYMENT_BENEFIT,
    jobcenterCode: JC,
    conversations: [conv()],
    active: [],
    exemptions: [],
    outages: [],
    ...over,
  };
}

describe('deadline dates', () => {
  it.each([
    // [title, today, group, windowTo, expected deadlineDate, expected latestMeetingDate]
    [
      '§5 [F:S22,S23; I]: latest meeting = window end, deadline = 7 days before',
      '2024-05-01',
      G.UNEMPLOYMENT_BENEFIT,
      '2024-06-17',
      '2024-06-10',
      '2024-06-17',
    ],
    [
      '§8.4 [F:S5]: at least 8 days after it is given',
      '2024-06-05',
      G.UNEMPLOYMENT_BENEFIT,
      '2024-06-17',
      '2024-06-13',
      '2024-06-17',
    ],
    [
      '§8.4 [F:S5]: minimum pushes past the window → the meeting may be held up to the deadline',
      '2024-06-05',
      G.SOCIAL_ASSISTANCE_JOB_READY,
      '2024-06-10',
      '2024-06-13',
      '2024-06-13',
    ],
    [
      '§8.4 [F:S5]: no 8-day minimum for sygedagpenge (never before today)',
      '2024-06-05',
      G.SICKNESS_BENEFIT,
      '2024-06-10',
      '2024-06-05',
      '2024-06-10',
    ],
    [
      '§8.2 [F:S40; I]: minimum lands on a Saturday → next working day (Monday)',
      '2025-03-21',
      G.UNEMPLOYMENT_BENEFIT,
      '2025-04-04',
      '2025-03-31',
      '2025-04-04',
    ],
    [
      '§8.1/8.2 [F:S39]: deadline on Good Friday → past Easter to Tuesday',
      '2025-03-01',
      G.UNEMPLOYMENT_BENEFIT,
      '2025-04-25',
      '2025-04-22',
      '2025-04-25',
    ],
    [
      '§8.1/8.2 [F:S39]: deadline on Ascension Day → Friday',
      '2025-04-01',
      G.UNEMPLOYMENT_BENEFIT,
      '2025-06-05',
      '2025-05-30',
      '2025-06-05',
    ],
    [
      '§4.5 [I]: latest meeting on Whit Sunday → previous working day (Friday)',
      '2025-04-01',
      G.UNEMPLOYMENT_BENEFIT,
      '2025-06-08',
      '2025-05-30',
      '2025-06-06',
    ],
    [
      '§4.5, §8.1 [F:S39]: latest meeting on 2nd Christmas Day → 24 Dec (not a public holiday)',
      '2025-11-01',
      G.UNEMPLOYMENT_BENEFIT,
      '2025-12-26',
      '2025-12-17',
      '2025-12-24',
    ],
  ])('%s', (_title, today, group, windowTo, deadlineDate, latestMeetingDate) => {
    expect(
      computeDeadlineDates(conv({ windowTo, guidingDate: windowTo, windowFrom: windowTo }), group, today, P),
    ).toEqual({ deadlineDate, latestMeetingDate });
  });

  it('§5 [F:S22; I]: latestMeetingDateFrom = guidingDate gives the contract example (27 May / 3 June)', () => {
    expect(
      computeDeadlineDates(
        conv(),
        G.UNEMPLOYMENT_BENEFIT,
        '2024-05-01',
        policyWith({ latestMeetingDateFrom: 'guidingDate' }),
      ),
    ).toEqual({
      deadlineDate: '2024-05-27',
      latestMeetingDate: '2024-06-03',
    });
  });

  it.each([
    // §8.3 [I]: the end of the local day, on the DST nights of 2025 and 2026 and the days before them
    ['2025-03-29', '2025-03-29T23:00:00.000Z'],
    ['2025-03-30', '2025-03-30T22:00:00.000Z'],
    ['2025-10-25', '2025-10-25T22:00:00.000Z'],
    ['2025-10-26', '2025-10-26T23:00:00.000Z'],
    ['2026-03-29', '2026-03-29T22:00:00.000Z'],
    ['2026-10-25', '2026-10-25T23:00:00.000Z'],
  ])('§8.2/8.3 [F:S7; I]: a deadline on %s expires at local midnight = %s', (date, instant) => {
    expect(expiryInstantOf(date).toISOString()).toBe(instant);
  });
});

describe('[F:S16, F:S20] meeting format: first conversation in person from R2020 (RULES §5 Booking window)', () => {
  it.each([
    [1, '2024-05-08', ['IN_PERSON']],
    [1, '2020-01-02', ['IN_PERSON']],
    [2, '2024-06-03', undefined], // later conversations: phone or video as the citizen chooses
    [1, '2019-11-04', undefined], // R2015: no format rule for self-booked meetings
  ])('conversation %s with guiding date %s → %j', (number, guidingDate, formats) => {
    expect(meetingFormatsFor({ number, guidingDate }, P)).toEqual(formats);
  });
});

describe('self-booking groups by date (RULES §2)', () => {
  it.each([
    [G.UNEMPLOYMENT_BENEFIT, '2016-09-01', true, 'F:S31'],
    [G.UNEMPLOYMENT_BENEFIT, '2016-08-31', false, 'F:S31,S32'],
    [G.SOCIAL_ASSISTANCE_JOB_READY, '2020-01-01', true, 'F:S1'],
    [G.SOCIAL_ASSISTANCE_ACTIVITY_READY, '2020-06-01', false, 'F:S15'],
    [G.SOCIAL_ASSISTANCE_ACTIVITY_READY, '2021-01-01', true, 'F:S15'],
    [G.SICKNESS_BENEFIT, '2020-01-01', true, 'F:S1'],
    [G.FLEX_JOB_BENEFIT, '2024-01-01', false, 'I'],
    [G.OTHER, '2024-01-01', false, 'I'],
  ])('%s on %s → %s [%s]', (group, date, expected) => {
    expect(isSelfBookable(group, date, P)).toBe(expected);
  });
});

describe('planSchedule: opening and closing from schedule.calculated', () => {
  it('§5 [F:S23]: opens a deadline for a due job conversation that needs one', () => {
    const plan = planSchedule(schedule(), P);
    expect(plan.open).toHaveLength(1);
    expect(plan.open[0]).toMatchObject({
      deadlineDate: '2024-06-10',
      latestMeetingDate: '2024-06-17',
      extendedByOutage: false,
    });
    expect(plan.close).toEqual([]);
  });

  it.each([
    ['needsBookingDeadline false', conv({ needsBookingDeadline: false })],
    ['CV conversation (a-kasse, type 10) [F:S23]', conv({ type: ConversationType.CV_CONVERSATION })],
    [
      'availability conversation (a-kasse, type 15) [F:S23]',
      conv({ type: ConversationType.AVAILABILITY_CONVERSATION }),
    ],
    ['suspended conversation (§4 step 6)', conv({ status: ConversationStatus.SUSPENDED })],
    ['window already over', conv({ windowTo: '2024-04-30', windowFrom: '2024-04-01', guidingDate: '2024-04-15' })],
  ])('§5: no deadline for %s', (_t, c) => {
    expect(planSchedule(schedule({ conversations: [c] }), P).open).toEqual([]);
  });

  it.each([
    [G.OTHER, '2024-05-01'],
    [G.SOCIAL_ASSISTANCE_ACTIVITY_READY, '2020-05-01'],
  ])('§2 [F:S15; I]: no deadline for group %s on %s (not self-booking)', (contactGroup, today) => {
    const c = conv({ windowTo: '2020-12-01', guidingDate: '2020-12-01', windowFrom: '2020-11-01' });
    expect(
      planSchedule(schedule({ contactGroup, today, conversations: [today.startsWith('2020') ? c : conv()] }), P).open,
    ).toEqual([]);
  });

  it('§5 [I]: a recalculation with the same need changes nothing, even days later', () => {
    expect(planSchedule(schedule({ today: '2024-06-05', active: [active()] }), P)).toEqual({
      open: [],
      close: [],
      summons: [],
    });
  });

  it('§5 [I]: a recalculation after the window ended never closes the deadline it produced (minimum-extended)', () => {
    expect(
      planSchedule(
        schedule({
          today: '2024-06-20',
          active: [active({ deadlineDate: '2024-06-21', latestMeetingDate: '2024-06-21' })],
        }),
        P,
      ),
    ).toEqual({ open: [], close: [], summons: [] });
  });

  it('[F:S5, F:S23] a deadline the 8-day minimum put past its window stays open when recalculated as OVERDUE', () => {
    // Jobparat KH, first conversation within 7 days [F:S16 §31 stk. 5]: window 1–8 May 2024, given 1 May.
    const first = conv({ number: 1, guidingDate: '2024-05-08', windowFrom: '2024-05-01', windowTo: '2024-05-08' });
    const opened = planSchedule(schedule({ contactGroup: G.SOCIAL_ASSISTANCE_JOB_READY, conversations: [first] }), P)
      .open[0];
    // 9 May (Ascension) → 10 May
    expect(opened).toMatchObject({ deadlineDate: '2024-05-10', latestMeetingDate: '2024-05-10' });
    const given = active({
      conversationNumber: 1,
      guidingDate: '2024-05-08',
      windowFrom: '2024-05-01',
      windowTo: '2024-05-08',
      deadlineDate: '2024-05-10',
      latestMeetingDate: '2024-05-10',
    });
    const overdue = conv({ ...first, status: ConversationStatus.OVERDUE, needsBookingDeadline: false });
    // The day after the window: the citizen is still bound by the deadline; it expires (with consequence) if unmet.
    expect(
      planSchedule(
        schedule({
          today: '2024-05-09',
          contactGroup: G.SOCIAL_ASSISTANCE_JOB_READY,
          conversations: [overdue],
          active: [given],
        }),
        P,
      ),
    ).toEqual({ open: [], close: [], summons: [] });
    // If the rules moved the conversation (another window), the
    // old deadline closes as SCHEDULE_CHANGED, nothing new opens.
    const moved = conv({ ...overdue, windowTo: '2024-05-07' });
    expect(
      planSchedule(
        schedule({
          today: '2024-05-09',
          contactGroup: G.SOCIAL_ASSISTANCE_JOB_READY,
          conversations: [moved],
          active: [given],
        }),
        P,
      ),
    ).toEqual({
      open: [],
      close: [{ deadlineId: 'd1', reason: DeadlineClosedReason.SCHEDULE_CHANGED }],
      summons: [],
    });
  });

  it('§8.9 [I]: a changed need closes the old deadline (SCHEDULE_CHANGED) and opens a new one', () => {
    const plan = planSchedule(schedule({ conversations: [conv({ windowTo: '2024-06-24' })], active: [active()] }), P);
    expect(plan.close).toEqual([{ deadlineId: 'd1', reason: DeadlineClosedReason.SCHEDULE_CHANGED }]);
    expect(plan.open[0]).toMatchObject({ deadlineDate: '2024-06-17', latestMeetingDate: '2024-06-24' });
  });

  it('§5 [F:S23]: a fulfilled deadline keeps its booking when the need moves', () => {
    expect(
      planSchedule(
        schedule({ conversations: [conv({ windowTo: '2024-06-24' })], active: [active({ status: 'fulfilled' })] }),
        P,
      ),
    ).toEqual({ open: [], close: [], summons: [] });
  });

  it('§8.9 [I]: conversation held → CONVERSATION_HELD; removed from the schedule → SCHEDULE_CHANGED', () => {
    expect(
      planSchedule(schedule({ conversations: [conv({ status: ConversationStatus.HELD })], active: [active()] }), P)
        .close,
    ).toEqual([{ deadlineId: 'd1', reason: DeadlineClosedReason.CONVERSATION_HELD }]);
    expect(planSchedule(schedule({ conversations: [], active: [active()] }), P).close).toEqual([
      { deadlineId: 'd1', reason: DeadlineClosedReason.SCHEDULE_CHANGED },
    ]);
  });

  it.each([
    [ExemptionKind.EXEMPTION, AbsenceCode.EXEMPT_FROM_SELF_BOOKING, SummonsReason.EXEMPT_FROM_SELF_BOOKING],
    [ExemptionKind.WITHDRAWAL, AbsenceCode.SELF_BOOKING_WITHDRAWN, SummonsReason.SELF_BOOKING_WITHDRAWN],
  ])(
    '§5, §8.10 [F:S17,S23]: %s → no deadline, absence %s closes the open one, summons.requested (%s)',
    (kind, code, reason) => {
      const exemptions = [{ exemptionId: 'e1', kind, validFrom: '2024-04-01' }];
      const fresh = planSchedule(schedule({ exemptions }), P);
      expect(fresh.open).toEqual([]);
      expect(fresh.summons).toEqual([{ conversation: conv(), reason, latestMeetingDate: '2024-06-17' }]);
      const withOpen = planSchedule(schedule({ exemptions, active: [active()] }), P);
      expect(withOpen.close).toEqual([
        { deadlineId: 'd1', reason: DeadlineClosedReason.ABSENCE_REGISTERED, absenceCode: code },
      ]);
    },
  );

  it('§5 [F:S17 §46]: rules already cleared needsBookingDeadline for an exempt citizen → still a summons', () => {
    const exemptions = [{ exemptionId: 'e1', kind: ExemptionKind.EXEMPTION, validFrom: '2024-04-01' }];
    const cleared = conv({ needsBookingDeadline: false });
    const plan = planSchedule(schedule({ exemptions, conversations: [cleared] }), P);
    expect(plan.open).toEqual([]);
    expect(plan.summons).toEqual([
      { conversation: cleared, reason: SummonsReason.EXEMPT_FROM_SELF_BOOKING, latestMeetingDate: '2024-06-17' },
    ]);
    // …but not for an a-kasse conversation, nor without an exemption.
    expect(
      planSchedule(
        schedule({
          exemptions,
          conversations: [conv({ needsBookingDeadline: false, heldBy: ConversationHolder.AKASSE })],
        }),
        P,
      ).summons,
    ).toEqual([]);
    expect(planSchedule(schedule({ conversations: [cleared] }), P)).toEqual({ open: [], close: [], summons: [] });
  });

  it('§8.16 [F:S8 §20]: dagpenge sickness → no deadline and no summons; ended exemption → deadline again', () => {
    const sick = [{ exemptionId: 'e1', kind: ExemptionKind.SICKNESS, validFrom: '2024-04-25', validTo: '2024-05-08' }];
    expect(planSchedule(schedule({ exemptions: sick }), P)).toEqual({ open: [], close: [], summons: [] });
    const ended = [
      { exemptionId: 'e1', kind: ExemptionKind.EXEMPTION, validFrom: '2024-03-01', endedOn: '2024-05-01' },
    ];
    expect(planSchedule(schedule({ exemptions: ended }), P).open).toHaveLength(1);
  });

  it('§8.7 [I]: a deregistered citizen gets no deadline; an open one closes', () => {
    const plan = planSchedule(
      schedule({
        deregisteredFrom: '2024-04-20',
        active: [active()],
        conversations: [conv({ windowTo: '2024-06-24' })],
      }),
      P,
    );
    expect(plan.open).toEqual([]);
    expect(plan.close).toEqual([{ deadlineId: 'd1', reason: DeadlineClosedReason.CITIZEN_DEREGISTERED }]);
  });

  it('§5 downtime [I]: a deadline opened into a recorded outage is extended at once', () => {
    const outages = [
      { startsAt: new Date('2024-06-10T06:00:00Z'), endsAt: new Date('2024-06-11T06:00:00Z'), jobcenterCode: null },
    ];
    expect(planSchedule(schedule({ outages }), P).open[0]).toMatchObject({
      deadlineDate: '2024-06-11',
      extendedByOutage: true,
      extendedByDays: 1,
    });
  });
});

describe('outage windows (RULES §5 downtime, §8.15) [I]', () => {
  const dates = { deadlineDate: '2025-03-10', latestMeetingDate: '2025-03-17' };
  it.each([
    [
      'expiring within the outage → + its length (2 days)',
      '2025-03-09T09:00:00Z',
      '2025-03-11T09:00:00Z',
      null,
      '2025-03-12',
      true,
    ],
    [
      'expiring just after (within the grace) → + 1 day',
      '2025-03-10T08:00:00Z',
      '2025-03-10T20:00:00Z',
      null,
      '2025-03-11',
      true,
    ],
    ['an outage long before does nothing', '2025-03-01T08:00:00Z', '2025-03-01T20:00:00Z', null, '2025-03-10', false],
    [
      'an outage that starts after the expiry does nothing',
      '2025-03-11T08:00:00Z',
      '2025-03-11T20:00:00Z',
      null,
      '2025-03-10',
      false,
    ],
    [
      "another jobcenter's outage does nothing",
      '2025-03-10T08:00:00Z',
      '2025-03-10T20:00:00Z',
      '20202',
      '2025-03-10',
      false,
    ],
    ['this jobcenter’s outage counts', '2025-03-10T08:00:00Z', '2025-03-10T20:00:00Z', JC, '2025-03-11', true],
  ])('%s', (_t, from, to, jobcenterCode, deadlineDate, extended) => {
    const r = extendForOutages(dates, [{ startsAt: new Date(from), endsAt: new Date(to), jobcenterCode }], JC, P);
    expect(r.deadlineDate).toBe(deadlineDate);
    expect(r.extendedByOutage).toBe(extended);
    expect(r.expiresAt.toISOString()).toBe(expiryInstantOf(deadlineDate).toISOString());
  });

  it('an extension into a second outage is extended again, each outage once', () => {
    const outages = [
      { startsAt: new Date('2025-03-10T20:00:00Z'), endsAt: new Date('2025-03-11T00:00:00Z') },
      { startsAt: new Date('2025-03-11T12:00:00Z'), endsAt: new Date('2025-03-12T12:00:00Z') },
    ];
    expect(extendForOutages(dates, outages, JC, P)).toMatchObject({
      deadlineDate: '2025-03-12',
      extendedByDays: 2,
      latestMeetingDate: '2025-03-17',
    });
  });
});

describe('expiry: consequence by group (RULES §5 "Missed deadline, by group")', () => {
  const citizen = { akasseId: 'aka-1' };
  it.each([
    [G.UNEMPLOYMENT_BENEFIT, MissedDeadlineConsequence.DEREGISTRATION, '2024-05-28', 'aka-1', 'F:S7 §17a, S31'],
    [G.SOCIAL_ASSISTANCE_JOB_READY, MissedDeadlineConsequence.DEDUCTION, undefined, undefined, 'F:S18 §37a'],
    [G.EDUCATION_READY, MissedDeadlineConsequence.DEDUCTION, undefined, undefined, 'F:S18 §37a'],
    [
      G.SOCIAL_ASSISTANCE_ACTIVITY_READY,
      MissedDeadlineConsequence.AVAILABILITY_ASSESSMENT,
      undefined,
      undefined,
      'F:S19 §15',
    ],
    [G.SICKNESS_BENEFIT, MissedDeadlineConsequence.SANCTION_ASSESSMENT, undefined, undefined, 'F/I:S5'],
  ])('%s → %s (deregistered from %s, a-kasse %s) [%s]', (group, consequence, deregisteredFrom, akasseId, _source) => {
    expect(expiryOutcome({ deadlineDate: '2024-05-27', contactGroup: group, citizen, exemptions: [] }, P)).toEqual({
      kind: 'expire',
      contactGroup: group,
      consequence,
      deregisteredFrom,
      akasseId,
      immediateBooking: { requiredFrom: '2024-05-28', lapsesOn: '2024-08-28' },
    });
  });

  it("§2 [F:S27]: the citizen's current group decides (KH → dagpenge)", () => {
    const r = expiryOutcome(
      {
        deadlineDate: '2024-05-27',
        contactGroup: G.SOCIAL_ASSISTANCE_JOB_READY,
        citizen: { contactGroup: G.UNEMPLOYMENT_BENEFIT, akasseId: 'aka-2' },
        exemptions: [],
      },
      P,
    );
    expect(r).toMatchObject({
      kind: 'expire',
      consequence: MissedDeadlineConsequence.DEREGISTRATION,
      akasseId: 'aka-2',
    });
  });

  it('§8.7 [I]: already deregistered on the deadline day → closed, no consequence', () => {
    expect(
      expiryOutcome(
        {
          deadlineDate: '2024-05-27',
          contactGroup: G.UNEMPLOYMENT_BENEFIT,
          citizen: { deregisteredFrom: '2024-05-20' },
          exemptions: [],
        },
        P,
      ),
    ).toEqual({
      kind: 'close',
      reason: DeadlineClosedReason.CITIZEN_DEREGISTERED,
    });
  });

  it.each([
    [
      ExemptionKind.COURSE_AT_AKASSE,
      { reason: DeadlineClosedReason.ABSENCE_REGISTERED, absenceCode: AbsenceCode.COURSE_AT_AKASSE },
    ],
    [ExemptionKind.SICKNESS, { reason: DeadlineClosedReason.SCHEDULE_CHANGED }],
  ])('§8.10, §8.16 [F:S23, S8 §20]: exempt (%s) on the deadline day → closed, no consequence', (kind, closing) => {
    const exemptions = [{ exemptionId: 'e', kind, validFrom: '2024-05-20' }];
    expect(
      expiryOutcome({ deadlineDate: '2024-05-27', contactGroup: G.UNEMPLOYMENT_BENEFIT, citizen, exemptions }, P),
    ).toEqual({ kind: 'close', ...closing });
  });
});

describe('[F:S6] expiry with no free slot for the conversation (RULES §5 "No slots", §8.14)', () => {
  const input = {
    deadlineDate: '2024-05-27',
    contactGroup: G.SOCIAL_ASSISTANCE_JOB_READY,
    citizen: {},
    exemptions: [],
  };
  it('none free while the deadline was open → closed NO_FREE_SLOTS with a summons request, not a deduction', () => {
    expect(expiryOutcome({ ...input, freeSlots: false }, P)).toEqual({
      kind: 'close',
      reason: DeadlineClosedReason.NO_FREE_SLOTS,
      summons: SummonsReason.NO_FREE_SLOTS,
    });
  });
  it('one was free, or nothing is known (given before slots were tracked) → the consequence as before', () => {
    expect(expiryOutcome({ ...input, freeSlots: true }, P)).toMatchObject({
      kind: 'expire',
      consequence: MissedDeadlineConsequence.DEDUCTION,
    });
    expect(expiryOutcome(input, P)).toMatchObject({ kind: 'expire', consequence: MissedDeadlineConsequence.DEDUCTION });
  });
  it('deregistration and exemption still come first', () => {
    expect(expiryOutcome({ ...input, citizen: { deregisteredFrom: '2024-05-01' }, freeSlots: false }, P)).toEqual({
      kind: 'close',
      reason: DeadlineClosedReason.CITIZEN_DEREGISTERED,
    });
  });
});

describe('immediate booking (RULES §5, §8.22) [F:S6,S8; I]', () => {
  it.each([
    ['2024-05-27', '2024-05-28', '2024-08-28'],
    ['2024-11-29', '2024-11-30', '2025-02-28'],
    ['2025-12-31', '2026-01-01', '2026-04-01'],
  ])('missed on %s → required from %s, lapses on %s', (deadlineDate, requiredFrom, lapsesOn) => {
    expect(immediateBookingFor(deadlineDate, P)).toEqual({ requiredFrom, lapsesOn });
  });

  it.each([
    ['2024-05-27', false, 'not on the deadline day itself'],
    ['2024-05-28', true, 'from the next day'],
    ['2024-08-27', true, 'until the lapse'],
    ['2024-08-28', false, 'not from the lapse day'],
  ])('on %s shows %s (%s)', (today, shows) => {
    expect(immediateBookingShows({ requiredFrom: '2024-05-28', lapsesOn: '2024-08-28' }, today)).toBe(shows);
  });
});

describe('bookings and cancellations (RULES §5 invariant, rebooking)', () => {
  const bookings = [
    { bookingId: 'b-past', conversationType: ConversationType.JOB_CONVERSATION, meetingDate: '2024-04-20' },
    { bookingId: 'b-other-type', conversationType: ConversationType.JOINT_CONVERSATION, meetingDate: '2024-06-05' },
    { bookingId: 'b-late', conversationType: ConversationType.JOB_CONVERSATION, meetingDate: '2024-06-20' },
    { bookingId: 'b-ok', conversationType: ConversationType.JOB_CONVERSATION, meetingDate: '2024-06-12' },
  ];
  it('§5 [F:S23,S24]: a deadline issued while a matching booking exists is fulfilled by it', () => {
    expect(matchingBooking(bookings, ConversationType.JOB_CONVERSATION, '2024-05-01', '2024-06-17')?.bookingId).toBe(
      'b-ok',
    );
    expect(
      matchingBooking(bookings, ConversationType.FOLLOW_UP_CONVERSATION, '2024-05-01', '2024-06-17'),
    ).toBeUndefined();
  });

  it('§5 rebooking [I]: cancelled while time remains → reopened with the same dates', () => {
    expect(reopenedDates({ deadlineDate: '2024-06-10', latestMeetingDate: '2024-06-17' }, '2024-06-10', P)).toEqual({
      deadlineDate: '2024-06-10',
      latestMeetingDate: '2024-06-17',
      timeRemained: true,
    });
  });

  it('§5 rebooking [I]: cancelled after the deadline date → reopened with reopenMinimumDays (working day)', () => {
    expect(reopenedDates({ deadlineDate: '2024-06-10', latestMeetingDate: '2024-06-17' }, '2024-06-14', P)).toEqual({
      deadlineDate: '2024-06-24',
      latestMeetingDate: '2024-06-24',
      timeRemained: false,
    });
  });
});

describe('a conversation no lawful self-booking deadline fits (rules engine summonsReason) [issue 18.1]', () => {
  // Jobparat kontanthjælp: the first conversation at the latest 1 week after the request, window 3–10 June 2024.
  const first = conv({
    number: 1,
    guidingDate: '2024-06-10',
    windowFrom: '2024-06-03',
    windowTo: '2024-06-10',
    needsBookingDeadline: false,
    summonsReason: SummonsReason.WINDOW_SHORTER_THAN_MINIMUM_DEADLINE,
  });
  const kh = (over: Partial<ScheduleInput>) =>
    schedule({ contactGroup: G.SOCIAL_ASSISTANCE_JOB_READY, today: '2024-06-03', conversations: [first], ...over });

  it("R2020 §31 stk. 5 [F:S16, F:S5]: no deadline; the jobcenter is asked to summon by the window's last day", () => {
    expect(planSchedule(kh({}), P)).toEqual({
      open: [],
      close: [],
      summons: [
        {
          conversation: first,
          reason: SummonsReason.WINDOW_SHORTER_THAN_MINIMUM_DEADLINE,
          latestMeetingDate: '2024-06-10',
        },
      ],
    });
  });

  it('§5 [F:S23]: a deadline opened for it before deploy is left as is (no second arrangement, none closed)', () => {
    const opened = active({
      conversationNumber: 1,
      guidingDate: '2024-06-10',
      windowFrom: '2024-06-03',
      windowTo: '2024-06-10',
      deadlineDate: '2024-06-11',
      latestMeetingDate: '2024-06-11',
    });
    expect(planSchedule(kh({ active: [opened] }), P)).toEqual({ open: [], close: [], summons: [] });
  });

  it('§5 [F:S17 §46]: an exempt citizen is summoned for the exemption (one summons, its own reason)', () => {
    const exemptions = [{ exemptionId: 'e1', kind: ExemptionKind.EXEMPTION, validFrom: '2024-06-01' }];
    expect(planSchedule(kh({ exemptions }), P).summons.map((s) => s.reason)).toEqual([
      SummonsReason.EXEMPT_FROM_SELF_BOOKING,
    ]);
  });

  it('§5: a held or upcoming conversation asks for nothing', () => {
    expect(planSchedule(kh({ conversations: [{ ...first, status: ConversationStatus.HELD }] }), P).summons).toEqual([]);
    expect(planSchedule(kh({ conversations: [{ ...first, status: ConversationStatus.UPCOMING }] }), P).summons).toEqual(
      [],
    );
  });
});
