import { WorkingDayCalendar, isWorkingDay } from '@selvbook/calendar';
import { citizen, course, courseSeries, guidingDates, withHeld, withRule } from '../testing/citizens';
import { param } from '../parameters';
import { R2015, R2020 } from '../regimes';
import { tryCalculateContactCourse } from './calculate-contact-course';

// R2020 dagpenge from Monday 2021-03-01: jobsamtaler at months 1, 3, 4, 6; joint at 2 and 5.
const DAGPENGE = citizen({ from: '2021-03-01', anchors: { firstUnemploymentBenefitDay: '2021-03-01' } });
const jobConversations = (now: string, extra = {}) =>
  withRule(course({ ...DAGPENGE, ...extra }, now), 'R2020.UNEMPLOYMENT_BENEFIT.JOB_CONVERSATION');

describe('guiding dates (vejledende samtaledatoer)', () => {
  it('§4.5 [I]: a guiding date on a holiday moves to the working day before (Maundy Thursday 2021-04-01)', () => {
    expect(jobConversations('2021-03-01')[0].guidingDate).toBe('2021-03-31');
  });

  it('§8.1 [F:S39,S49]: a jobcenter calendar with local closing days moves it further back', () => {
    const calendar = new WorkingDayCalendar(['2021-03-31'], '101-01');
    expect(
      withRule(course(DAGPENGE, '2021-03-01', { calendar }), 'R2020.UNEMPLOYMENT_BENEFIT.JOB_CONVERSATION')[0]
        .guidingDate,
    ).toBe('2021-03-30');
  });

  it("§8.1 [F:S49]: the calendar can be looked up by the citizen's jobcenter code", () => {
    const calendars = new Map([['10101', new WorkingDayCalendar(['2021-03-31'], '101-01')]]);
    const c = course(DAGPENGE, '2021-03-01', { calendarForJobcenter: (code) => calendars.get(code) });
    expect(jobConversationsOf(c)[0].guidingDate).toBe('2021-03-30');
  });

  it('§4.5 [I]: moving to the previous working day is a parameter (KEEP leaves raw dates)', () => {
    const keep = { nonWorkingDay: param('KEEP' as const, 'I', 'raw dates') };
    expect(jobConversationsOf(course(DAGPENGE, '2021-03-01', { guidingDates: keep }))[0].guidingDate).toBe(
      '2021-04-01',
    );
  });

  it('§4.5 [I]: every guiding date and ceiling is a working day, and never after the ceiling', () => {
    for (const x of course(DAGPENGE, '2021-03-01').conversations) {
      expect(isWorkingDay(x.guidingDate) && isWorkingDay(x.window.to)).toBe(true);
      expect(x.guidingDate <= x.window.to && x.window.from <= x.guidingDate).toBe(true);
    }
  });

  it('§4 step 1 [F:S4]: reported paid hours replace the projection and every future date is recalculated', () => {
    const projected = guidingDates(courseSeries(course(DAGPENGE, '2021-04-05')));
    const reported = courseSeries(
      course({ ...DAGPENGE, paidHours: [{ month: '2021-03', hours: 80.165 }] }, '2021-04-05'),
    );
    // Half of March is paid: 15.5 clock days short, so month 1 is reached on 17 April (a Saturday → 16 April).
    expect(reported[0].guidingDate).toBe('2021-04-16');
    reported.forEach((x, i) => expect(x.guidingDate >= projected[i]).toBe(true));
  });

  it('§4 step 1 [I]: days on another benefit after dagpenge began stop the clock (citizen left, came back)', () => {
    const c = course(
      citizen({
        contactGroupHistory: [
          { group: 'UNEMPLOYMENT_BENEFIT', from: '2021-03-01' },
          { group: 'SICKNESS_BENEFIT', from: '2021-03-15' },
          { group: 'UNEMPLOYMENT_BENEFIT', from: '2021-04-12' },
        ],
      }),
      '2021-04-12',
    );
    expect(c.period.anchor).toBe('2021-03-01');
    // 28 days on sickness benefit: 4 weeks after 1 April
    expect(jobConversationsOf(c)[0].guidingDate).toBe('2021-04-29');
  });
});

function jobConversationsOf(c: ReturnType<typeof course>) {
  return withRule(c, 'R2020.UNEMPLOYMENT_BENEFIT.JOB_CONVERSATION');
}

describe('statuses relative to now', () => {
  it('§6 [I]: overdue after the ceiling, due inside the window, upcoming before it, held when held', () => {
    const c = course({ ...DAGPENGE, heldConversations: [{ type: 17, heldAt: '2021-04-19' }] }, '2021-04-20');
    expect(
      courseSeries(c)
        .slice(0, 4)
        .map((x) => [x.number, x.type, x.status]),
    ).toEqual([
      [1, 17, 'HELD'],
      [2, 7, 'OVERDUE'], // month 1, ceiling 15 April
      [3, 7, 'UPCOMING'], // month 3, window opens 3 May
      [4, 7, 'UPCOMING'],
    ]);
    expect(course(DAGPENGE, '2021-04-10').conversations[0].status).toBe('DUE');
  });

  it('§4 step 6 [F:S16 §106]: less intensive effort suspends the conversations that fall in it', () => {
    const jobs = jobConversations('2021-05-01', {
      exemptions: [{ kind: 'LESS_INTENSIVE_EFFORT', from: '2021-05-15', to: '2021-07-10' }],
    });
    expect(jobs.map((x) => [x.guidingDate, x.status, x.needsBookingDeadline])).toEqual([
      ['2021-03-31', 'OVERDUE', false],
      ['2021-06-01', 'SUSPENDED', false],
      ['2021-07-01', 'SUSPENDED', false],
      ['2021-09-01', 'UPCOMING', true],
    ]);
  });

  it('§5 [F:S8 §20 stk.4]: a sick dagpenge recipient has no duty for the first 14 days only', () => {
    const jobs = jobConversations('2021-05-01', {
      exemptions: [{ kind: 'SICKNESS', from: '2021-05-25', to: '2021-08-31' }],
    });
    expect(jobs.map((x) => x.status)).toEqual(['OVERDUE', 'SUSPENDED', 'UPCOMING', 'UPCOMING']);
  });

  it('§4 step 6 [I]: for other groups the whole registered sickness is legitimate absence', () => {
    const c = course(
      citizen({
        group: 'SOCIAL_ASSISTANCE_JOB_READY',
        from: '2021-03-01',
        exemptions: [{ kind: 'SICKNESS', from: '2021-04-01', to: '2021-07-31' }],
      }),
      '2021-03-02',
    );
    expect(courseSeries(c).map((x) => x.status)).toEqual(['DUE', 'SUSPENDED', 'SUSPENDED', 'UPCOMING']);
  });

  it.each(['EXEMPTION', 'WITHDRAWAL'] as const)(
    '§5 [F:S17 §46]: %s of self-booking: the jobcenter summons, so no booking deadline; the duty stays',
    (kind) => {
      const jobs = jobConversations('2021-05-01', { exemptions: [{ kind, from: '2021-05-01' }] });
      expect(jobs.map((x) => [x.status, x.needsBookingDeadline])).toEqual([
        ['OVERDUE', false],
        ['UPCOMING', false],
        ['UPCOMING', false],
        ['UPCOMING', false],
      ]);
    },
  );

  it('§5 [F:S23]: absence 75, course at the a-kasse: no jobcenter booking deadlines while it lasts', () => {
    const jobs = jobConversations('2021-05-01', {
      exemptions: [{ kind: 'COURSE_AT_AKASSE', from: '2021-05-01', to: '2021-06-30' }],
    });
    expect(jobs.map((x) => x.needsBookingDeadline)).toEqual([false, false, true, true]);
  });
});

describe('input validation: a typed domain error with a reason and a field', () => {
  const base = DAGPENGE;
  it.each([
    [
      'UNKNOWN_CONTACT_GROUP',
      { contactGroupHistory: [{ group: 'PENSION', from: '2021-03-01' }] },
      'contactGroupHistory[0].group',
    ],
    ['MISSING_CONTACT_GROUP', { contactGroupHistory: [] }, 'contactGroupHistory'],
    ['INVALID_DATE', { birthDate: '1985-02-30' }, 'birthDate'],
    [
      'INVALID_DATE',
      { contactGroupHistory: [{ group: 'UNEMPLOYMENT_BENEFIT', from: '1/3/2021' }] },
      'contactGroupHistory[0].from',
    ],
    [
      'DATES_OUT_OF_ORDER',
      {
        contactGroupHistory: [
          { group: 'UNEMPLOYMENT_BENEFIT', from: '2021-03-01' },
          { group: 'SICKNESS_BENEFIT', from: '2021-02-01' },
        ],
      },
      'contactGroupHistory[1].from',
    ],
    [
      'DATES_OUT_OF_ORDER',
      { exemptions: [{ kind: 'EXEMPTION', from: '2021-05-01', to: '2021-04-01' }] },
      'exemptions[0].to',
    ],
    ['DATES_OUT_OF_ORDER', { birthDate: '2022-01-01' }, 'contactGroupHistory[0].from'],
    ['HELD_BEFORE_ANCHOR', { heldConversations: [{ type: 7, heldAt: '2021-02-15' }] }, 'heldConversations[0].heldAt'],
    [
      'HELD_BEFORE_ANCHOR',
      {
        contactGroupHistory: [
          { group: 'SOCIAL_ASSISTANCE_JOB_READY', from: '2021-01-04' },
          { group: 'UNEMPLOYMENT_BENEFIT', from: '2021-03-01' },
        ],
        anchors: { firstUnemploymentBenefitDay: '2021-03-01' },
        heldConversations: [{ type: 7, heldAt: '2021-02-15', group: 'UNEMPLOYMENT_BENEFIT' }],
      },
      'heldConversations[0].heldAt',
    ],
    ['HELD_IN_FUTURE', { heldConversations: [{ type: 7, heldAt: '2021-06-02' }] }, 'heldConversations[0].heldAt'],
    [
      'UNKNOWN_CONVERSATION_TYPE',
      { heldConversations: [{ type: 99, heldAt: '2021-03-15' }] },
      'heldConversations[0].type',
    ],
    ['UNKNOWN_EXEMPTION_KIND', { exemptions: [{ kind: 'HOLIDAY', from: '2021-05-01' }] }, 'exemptions[0].kind'],
    ['INVALID_PAID_HOURS', { paidHours: [{ month: '2021-13', hours: 100 }] }, 'paidHours[0].month'],
    ['INVALID_PAID_HOURS', { paidHours: [{ month: '2021-03', hours: -1 }] }, 'paidHours[0].hours'],
    [
      'INVALID_PAID_HOURS',
      {
        paidHours: [
          { month: '2021-04', hours: 1 },
          { month: '2021-03', hours: 1 },
          { month: '2021-04', hours: 2 },
        ],
      },
      'paidHours',
    ],
  ])('%s (%j) at %s', (reason, patch, field) => {
    const result = tryCalculateContactCourse({ ...base, ...(patch as object) }, '2021-06-01');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ name: 'InvalidCitizenProfileError', reason, field });
      expect(result.error.message).toContain(reason);
    }
  });

  it('regimes passed in must be ordered oldest first', () => {
    expect(() => course(base, '2021-06-01', { regimes: [R2020, R2015] })).toThrow(/oldest first/);
  });

  it('an invalid "now" is rejected too', () => {
    expect(() => course(base, '2021-06-31')).toThrow(expect.objectContaining({ reason: 'INVALID_DATE', field: 'now' }));
  });

  it('valid input returns ok', () => {
    expect(tryCalculateContactCourse(base, '2021-06-01').ok).toBe(true);
  });

  it('held conversations and paid hours in any order are accepted (sorted internally)', () => {
    const march = { type: 7, heldAt: '2021-03-20' } as const;
    const april = { type: 17, heldAt: '2021-04-20' } as const;
    const ordered = course(withHeld(base, march, april), '2021-06-01');
    const shuffled = course(withHeld(base, april, march), '2021-06-01');
    expect(shuffled).toEqual(ordered);
  });
});
