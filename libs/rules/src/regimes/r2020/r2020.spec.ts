import { akasseSeries, citizen, course, courseSeries, guidingDates, withHeld, withRule } from '../../testing/citizens';

// Dagpenge anchor Monday 2021-03-01; month 1 = Maundy Thursday 2021-04-01.
const DAGPENGE = citizen({ from: '2021-03-01', anchors: { firstUnemploymentBenefitDay: '2021-03-01' } });

describe('R2020 dagpenge', () => {
  const c = course(DAGPENGE, '2021-03-01');
  const firstSix = courseSeries(c).filter((x) => x.guidingDate <= '2021-09-01');

  it('R2020 [F:S16]: regime in force from 2020-01-01', () => {
    expect(c.regime).toBe('R2020');
    expect(c.conversations.every((x) => x.regime === 'R2020')).toBe(true);
  });

  it('R2020 [F:S9,S45]: 6 jobsamtaler in the first 6 months = 4 + 2 joint, spread evenly [I]', () => {
    expect(firstSix.map((x) => [x.type, x.guidingDate])).toEqual([
      [7, '2021-03-31'], // 1 April is Maundy Thursday
      [17, '2021-04-29'], // 1 May is a Saturday, 30 April Store Bededag
      [7, '2021-06-01'],
      [7, '2021-07-01'],
      [17, '2021-07-30'],
      [7, '2021-09-01'],
    ]);
  });

  it('R2020 [F:S9,S45]: joint conversation 1 within months 0–3', () => {
    const [joint1] = withRule(c, 'R2020.UNEMPLOYMENT_BENEFIT.JOINT_1');
    expect(joint1.window).toEqual({ from: '2021-03-01', to: '2021-06-01' });
  });

  it('R2020 [F:S9,S45]: joint conversation 2 within months 3–6, after 3 months', () => {
    const [joint2] = withRule(c, 'R2020.UNEMPLOYMENT_BENEFIT.JOINT_2');
    expect(joint2.window).toEqual({ from: '2021-06-02', to: '2021-09-01' });
  });

  it('R2020 [I]: no conversation of the first six has a ceiling after 6 months', () => {
    expect(firstSix.every((x) => x.window.to <= '2021-09-01')).toBe(true);
  });

  it('R2020 §32 [F:S16]: the a-kasse joins a conversation at the latest at 16 months', () => {
    const [joint16] = withRule(c, 'R2020.UNEMPLOYMENT_BENEFIT.JOINT_AT_16_MONTHS');
    expect(joint16).toMatchObject({ type: 17, heldBy: 'JOINT', guidingDate: '2022-07-01' });
  });

  it('R2020 §32 [F:S16]: after 6 months nothing else is fixed (individually agreed)', () => {
    expect(courseSeries(c)).toHaveLength(7);
  });

  it('R2020 [F:S14]: a-kasse CV conversation and 2 availability conversations', () => {
    expect(akasseSeries(c).map((x) => [x.type, x.guidingDate])).toEqual([
      [10, '2021-03-12'],
      [15, '2021-06-01'],
      [15, '2021-09-01'],
    ]);
  });

  it('R2020 [F:S31,S8]: dagpenge self-book jobsamtaler and joint conversations; the a-kasse books its own', () => {
    expect(courseSeries(c).every((x) => x.needsBookingDeadline)).toBe(true);
    expect(akasseSeries(c).some((x) => x.needsBookingDeadline)).toBe(false);
  });
});

describe('R2020 counting held conversations', () => {
  it('R2020 [F:S4]: two jobsamtaler on kontanthjælp count once a first dagpenge day exists: next is no. 3', () => {
    const c = course(
      citizen({
        contactGroupHistory: [
          { group: 'SOCIAL_ASSISTANCE_JOB_READY', from: '2021-02-01' },
          { group: 'UNEMPLOYMENT_BENEFIT', from: '2021-03-01' },
        ],
        anchors: { firstUnemploymentBenefitDay: '2021-02-01' },
        heldConversations: [
          { type: 7, heldAt: '2021-02-05', group: 'SOCIAL_ASSISTANCE_JOB_READY' },
          { type: 7, heldAt: '2021-02-20', group: 'SOCIAL_ASSISTANCE_JOB_READY' },
        ],
      }),
      '2021-03-10',
    );
    const six = courseSeries(c).slice(0, 6);
    expect(six.map((x) => [x.number, x.status])).toEqual([
      [1, 'HELD'],
      [2, 'HELD'],
      [3, 'DUE'],
      [4, 'UPCOMING'],
      [5, 'UPCOMING'],
      [6, 'UPCOMING'],
    ]);
    expect(six.slice(0, 2).map((x) => x.heldAt)).toEqual(['2021-02-05', '2021-02-20']);
    expect(six[2].type).toBe(17); // the joint conversation of months 0–3 is open now
  });

  it('R2020 [F:S10]: a conversation held early counts; the later guiding dates do not move', () => {
    const before = course(DAGPENGE, '2021-03-20');
    const after = course({ ...DAGPENGE, heldConversations: [{ type: 7, heldAt: '2021-03-15' }] }, '2021-03-20');
    expect(courseSeries(after)[0]).toMatchObject({
      number: 1,
      status: 'HELD',
      heldAt: '2021-03-15',
      guidingDate: '2021-03-31',
    });
    expect(guidingDates(courseSeries(after).slice(1))).toEqual(guidingDates(courseSeries(before).slice(1)));
  });

  it('R2020 [F:S9]: a joint conversation fills the joint slot, not a jobsamtale', () => {
    const c = course({ ...DAGPENGE, heldConversations: [{ type: 17, heldAt: '2021-03-15' }] }, '2021-03-20');
    const [held] = courseSeries(c);
    expect(held).toMatchObject({ status: 'HELD', type: 17, rule: 'R2020.UNEMPLOYMENT_BENEFIT.JOINT_1' });
  });

  it('R2020 [F:S9,S45]: a joint conversation held before 3 months does not count as joint 2', () => {
    const held = withHeld(DAGPENGE, { type: 17, heldAt: '2021-03-15' }, { type: 17, heldAt: '2021-04-20' });
    const c = course(held, '2021-04-21');
    expect(withRule(c, 'R2020.UNEMPLOYMENT_BENEFIT.JOINT_2')[0].status).toBe('UPCOMING');
    expect(withRule(c, 'R2020.UNEMPLOYMENT_BENEFIT.JOB_CONVERSATION')[0].status).toBe('HELD');
  });
});

describe('R2020 kontanthjælp and uddannelseshjælp', () => {
  const jobReady = citizen({
    group: 'SOCIAL_ASSISTANCE_JOB_READY',
    from: '2021-03-01',
    anchors: { firstRequestForHelp: '2021-02-25' },
  });

  it('R2020 §31 stk.5 [F:S16]: first conversation within 7 days of the first request for help', () => {
    const c = course(jobReady, '2021-03-01');
    expect(c.period).toEqual({ anchor: '2021-02-25', clock: 'CALENDAR' });
    expect(courseSeries(c)[0]).toMatchObject({
      guidingDate: '2021-03-04',
      window: { from: '2021-02-25', to: '2021-03-04' },
    });
  });

  it('R2020 §31 [F:S16]: at least 4 jobsamtaler in the first 6 months, the rest spread evenly [I]', () => {
    expect(guidingDates(courseSeries(course(jobReady, '2021-03-01')))).toEqual([
      '2021-03-04',
      '2021-04-29',
      '2021-06-28',
      '2021-08-25',
    ]); // 30 April 2021: Store Bededag
  });

  it('R2020 §9 [F:S16]: a change of benefit (uddannelseshjælp → kontanthjælp) starts a new period', () => {
    const c = course(
      citizen({
        contactGroupHistory: [
          { group: 'EDUCATION_READY', from: '2021-01-04' },
          { group: 'SOCIAL_ASSISTANCE_JOB_READY', from: '2021-05-03' },
        ],
        anchors: { firstRequestForHelp: '2021-01-02' },
      }),
      '2021-05-04',
    );
    expect(c.period.anchor).toBe('2021-05-03');
    expect(courseSeries(c)[0].guidingDate).toBe('2021-05-10');
  });

  it('R2020 §9 [F:S16; I]: job-ready → activity-ready is not a change of benefit: no restart', () => {
    const c = course(
      citizen({
        contactGroupHistory: [
          { group: 'SOCIAL_ASSISTANCE_JOB_READY', from: '2021-01-04' },
          { group: 'SOCIAL_ASSISTANCE_ACTIVITY_READY', from: '2021-03-01' },
        ],
      }),
      '2021-03-02',
    );
    expect(c.period.anchor).toBe('2021-01-04');
    expect(c.contactGroup).toBe('SOCIAL_ASSISTANCE_ACTIVITY_READY');
  });

  it.each([
    ['SOCIAL_ASSISTANCE_JOB_READY', '2020-03-02', true, 'F:S1,S18: jobparat from 2020-01-01'],
    ['SOCIAL_ASSISTANCE_ACTIVITY_READY', '2020-03-02', false, 'F:S15,S19: aktivitetsparat only from 2021-01-01'],
    ['SOCIAL_ASSISTANCE_ACTIVITY_READY', '2021-03-01', true, 'F:S15,S19: aktivitetsparat from 2021-01-01'],
    ['EDUCATION_READY', '2021-03-01', true, 'F:S1,S15: uddannelsesparat from 2021'],
    ['SICKNESS_BENEFIT', '2021-03-01', true, 'F:S1,S5: sygedagpenge from 2020'],
    ['JOB_CLARIFICATION_COURSE', '2020-03-02', true, 'F:S1: jobafklaring from 2020'],
    ['RESOURCE_COURSE', '2020-03-02', false, 'F:S15: ressourceforløb only from 2021'],
    ['FLEX_JOB_BENEFIT', '2021-03-01', false, 'I: ledighedsydelse only if the jobcenter chooses'],
    ['REHABILITATION', '2021-03-01', false, 'I: revalidering off unless configured'],
  ] as const)('R2020 self-booking per group: %s from %s → %s [%s]', (group, from, expected, _source) => {
    const c = course(citizen({ group, from }), from);
    expect(courseSeries(c).length).toBeGreaterThan(0);
    // Self-booked, or (the first kontanthjælp conversation, within a week) arranged by the jobcenter instead [F:S5].
    expect(courseSeries(c).every((x) => (x.needsBookingDeadline || x.summonsReason !== null) === expected)).toBe(true);
  });
});

describe('R2020 sygedagpenge', () => {
  const sick = citizen({ group: 'SICKNESS_BENEFIT', from: '2021-01-18', anchors: { firstDayOfAbsence: '2021-01-04' } });

  it('R2020 §13b [F:S20]: first follow-up before the end of week 8 of absence', () => {
    const c = course(sick, '2021-01-18');
    expect(c.period.anchor).toBe('2021-01-04');
    expect(courseSeries(c)[0]).toMatchObject({ type: 4, guidingDate: '2021-02-26', window: { to: '2021-02-26' } });
  });

  it('R2020 §13b [F:S20]: at least 4 follow-ups in the first 6 months from the first day of absence', () => {
    const dates = guidingDates(courseSeries(course(sick, '2021-01-18')));
    expect(dates).toEqual(['2021-02-26', '2021-04-09', '2021-05-21', '2021-07-02']); // 23 May is Whit Sunday
    expect(dates.every((d) => d <= '2021-07-04')).toBe(true);
  });

  it('R2020 [F:S16 §102]: no first-activation deadline for sygedagpenge', () => {
    expect(course(sick, '2021-01-18').firstActivation).toBeNull();
  });
});

describe('R2020 first activation', () => {
  it('R2020 §102 [F:S16]: at the latest after 6 months on the §9 clock; wage subsidy may start 3 weeks later', () => {
    expect(course(DAGPENGE, '2021-03-01').firstActivation).toEqual({
      deadline: '2021-09-01',
      regime: 'R2020',
      rule: 'R2020.FIRST_ACTIVATION',
      source: 'F:S16 §102',
      ordinaryDeadline: '2021-09-01',
      postponedByExemption: false,
      ageBand: null,
      wageSubsidyMayStartBy: '2021-09-22',
      minimumOfferWeeks: 2,
    });
  });

  it('R2020 §102 stk.4 [F:S16]: exempt at the deadline → within 1 month after the exemption ends', () => {
    const fa = course(
      { ...DAGPENGE, exemptions: [{ kind: 'LESS_INTENSIVE_EFFORT', from: '2021-08-15', to: '2021-09-20' }] },
      '2021-03-01',
    ).firstActivation!;
    expect(fa).toMatchObject({ deadline: '2021-10-20', ordinaryDeadline: '2021-09-01', postponedByExemption: true });
  });

  it('R2020 §102 stk.4 [F:S16]: still exempt without an end date → no deadline yet', () => {
    const fa = course(
      { ...DAGPENGE, exemptions: [{ kind: 'LESS_INTENSIVE_EFFORT', from: '2021-08-15' }] },
      '2021-03-01',
    ).firstActivation!;
    expect(fa).toMatchObject({ deadline: null, postponedByExemption: true, wageSubsidyMayStartBy: null });
  });

  it('R2020 [F:S8 §20 stk.4]: dagpenge sickness exempts only its first 14 days', () => {
    const fa = course(
      { ...DAGPENGE, exemptions: [{ kind: 'SICKNESS', from: '2021-08-25', to: '2021-10-30' }] },
      '2021-03-01',
    ).firstActivation!;
    expect(fa.deadline).toBe('2021-10-07'); // sickness exemption ends 7 Sep → + 1 month
  });

  it.each(['SOCIAL_ASSISTANCE_JOB_READY', 'SOCIAL_ASSISTANCE_ACTIVITY_READY'] as const)(
    'R2020 §102 [F:S16]: %s (groups 1–3) get a deadline after 6 months',
    (group) => {
      expect(course(citizen({ group, from: '2021-03-01' }), '2021-03-01').firstActivation?.deadline).toBe('2021-09-01');
    },
  );

  it.each(['EDUCATION_READY', 'RESOURCE_COURSE', 'OTHER'] as const)(
    'R2020 §102 [F:S16]: %s has no first-activation deadline here',
    (group) => {
      expect(course(citizen({ group, from: '2021-03-01' }), '2021-03-01').firstActivation).toBeNull();
    },
  );
});
