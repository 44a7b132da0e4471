import { akasseSeries, citizen, course, courseSeries, guidingDates, withRule } from '../../testing/citizens';

// Dagpenge anchor Monday 2024-03-04. 410 hours are paid on 22 May → hand-over to the jobcenter on 1 June.
const DAGPENGE = citizen({ from: '2024-03-04', anchors: { firstUnemploymentBenefitDay: '2024-03-04' } });

describe('R2024 dagpenge: the a-kasse runs months 0–3, the jobcenter months 3–6', () => {
  const c = course(DAGPENGE, '2024-03-04');
  const akassePhase = withRule(c, 'R2024.UNEMPLOYMENT_BENEFIT.AKASSE_PHASE');
  const jobcenterPhase = withRule(c, 'R2024.UNEMPLOYMENT_BENEFIT.JOBCENTER_PHASE');

  it('R2024 [F:S14,S16]: regime in force from 2024-01-01', () => {
    expect(c.regime).toBe('R2024');
  });

  it('R2024 [F:S14,S50,S51]: the a-kasse holds 3 conversations in months 0–3 (first in 2 weeks), hands over', () => {
    expect(akassePhase.map((x) => [x.number, x.heldBy, x.guidingDate, x.window.to])).toEqual([
      [1, 'AKASSE', '2024-03-18', '2024-03-27'], // 2 weeks after 4 March; + 2 weeks' slack = Easter Monday → 27 March
      [2, 'AKASSE', '2024-05-03', '2024-05-17'], // 4 May is a Saturday
      [3, 'AKASSE', '2024-05-31', '2024-05-31'], // month 3 (4 June) is after the hand-over: pulled back
    ]);
  });

  it('R2024 [F:S14,S33]: responsibility moves at month end once more than 410 dagpenge hours are paid', () => {
    expect(jobcenterPhase.every((x) => x.window.from >= '2024-06-03')).toBe(true); // 1 June is a Saturday
    expect(akassePhase.every((x) => x.window.to <= '2024-05-31')).toBe(true);
  });

  it('R2024 [F:S14]: the jobcenter holds 3 conversations in months 3–6', () => {
    expect(jobcenterPhase.map((x) => [x.number, x.heldBy, x.guidingDate])).toEqual([
      [4, 'JOBCENTER', '2024-07-04'],
      [5, 'JOBCENTER', '2024-08-02'],
      [6, 'JOBCENTER', '2024-09-04'],
    ]);
    expect(jobcenterPhase.every((x) => x.window.to <= '2024-09-04')).toBe(true);
  });

  it('R2024 [F:S14; I]: only the jobcenter phase needs booking deadlines; the a-kasse books its own', () => {
    expect(akassePhase.some((x) => x.needsBookingDeadline)).toBe(false);
    expect(jobcenterPhase.every((x) => x.needsBookingDeadline)).toBe(true);
    expect(akasseSeries(c)).toEqual([]);
  });

  it('R2024 §32 [F:S16]: the a-kasse joins a conversation at the latest at 16 months', () => {
    expect(withRule(c, 'R2024.UNEMPLOYMENT_BENEFIT.JOINT_AT_16_MONTHS').map((x) => x.guidingDate)).toEqual([
      '2025-07-04',
    ]);
  });

  it('R2024 [F:S14,S33]: fewer paid hours delay the hand-over and every later date', () => {
    const reduced = course(
      {
        ...DAGPENGE,
        paidHours: [
          { month: '2024-03', hours: 100 },
          { month: '2024-04', hours: 80 },
          { month: '2024-05', hours: 80 },
        ],
      },
      '2024-06-10',
    );
    const later = courseSeries(reduced);
    const base = courseSeries(c);
    expect(later).toHaveLength(base.length);
    later.forEach((x, i) => expect(x.guidingDate >= base[i].guidingDate).toBe(true));
    // 49.8 clock days by the end of May; 410 h (79 clock days) are reached on 1 July → hand-over 1 August
    expect(withRule(reduced, 'R2024.UNEMPLOYMENT_BENEFIT.JOBCENTER_PHASE')[0].window.from).toBe('2024-08-01');
  });

  it('R2024 [F:S42]: hours are measured against 130 a month for the part-time insured', () => {
    const report = { paidHours: [{ month: '2024-03', hours: 65 }] };
    const full = course({ ...DAGPENGE, ...report }, '2024-04-01');
    const part = course({ ...DAGPENGE, ...report, insuredPartTime: true }, '2024-04-01');
    expect(courseSeries(part)[0].guidingDate < courseSeries(full)[0].guidingDate).toBe(true);
  });
});

describe('R2024 other groups keep the R2020 rules [I]', () => {
  it('R2024 §31 stk.5 [F:S16]: kontanthjælp first conversation within 7 days, 4 in 6 months', () => {
    const c = course(citizen({ group: 'SOCIAL_ASSISTANCE_JOB_READY', from: '2025-01-06' }), '2025-01-06');
    // last: 6 July is a Sunday
    expect(guidingDates(courseSeries(c))).toEqual(['2025-01-13', '2025-03-12', '2025-05-09', '2025-07-04']);
    expect(courseSeries(c).every((x) => x.regime === 'R2024')).toBe(true);
    // The first, within a week, cannot carry an 8-day deadline: the jobcenter summons [F:S5]; the rest are self-booked.
    expect(courseSeries(c).map((x) => [x.needsBookingDeadline, x.summonsReason])).toEqual([
      [false, 'WINDOW_SHORTER_THAN_MINIMUM_DEADLINE'],
      [true, null],
      [true, null],
      [true, null],
    ]);
  });

  it('R2024 §13b [F:S20]: sygedagpenge first follow-up before the end of week 8', () => {
    const c = course(citizen({ group: 'SICKNESS_BENEFIT', from: '2025-01-06' }), '2025-01-06');
    expect(courseSeries(c)[0]).toMatchObject({
      type: 4,
      guidingDate: '2025-02-28',
      rule: 'R2024.SICKNESS_BENEFIT.FIRST_FOLLOW_UP',
    });
    expect(courseSeries(c)).toHaveLength(4);
  });

  it('R2024 §102 [F:S16]: first activation after 6 months', () => {
    expect(course(DAGPENGE, '2024-03-04').firstActivation).toMatchObject({ regime: 'R2024', deadline: '2024-09-04' });
  });
});
