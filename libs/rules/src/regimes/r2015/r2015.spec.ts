import { months, param, weeks } from '../../parameters';
import { akasseSeries, citizen, course, courseSeries, guidingDates, withRule } from '../../testing/citizens';
import { DEFAULT_REGIMES } from '..';
import { R2015_PARAMETERS } from './r2015.parameters';
import { createR2015Regime } from './r2015.regime';

// Anchor Monday 2018-03-05, born 1990 (27 at the start: under 30).
const DAGPENGE = citizen({
  from: '2018-03-05',
  birthDate: '1990-05-01',
  anchors: { firstUnemploymentBenefitDay: '2018-03-05' },
});
const NOW = '2018-03-06';

describe('R2015 dagpenge (fælles og intensiveret kontaktforløb)', () => {
  const c = course(DAGPENGE, NOW);
  const monthly = withRule(c, 'R2015.UNEMPLOYMENT_BENEFIT.MONTHLY');

  it('R2015 regime is picked by the date evaluated [F:S3,S6,S9]', () => {
    expect(c.regime).toBe('R2015');
    expect(c.period).toEqual({ anchor: '2018-03-05', clock: 'CUMULATIVE_UNEMPLOYMENT_HOURS' });
  });

  it.each([
    // number = month k, raw due, guiding date (previous working day), ceiling (due + 14 days, back to a working day)
    [2, '2018-05-05', '2018-05-04', '2018-05-18'],
    [3, '2018-06-05', '2018-06-05', '2018-06-19'],
    [5, '2018-08-05', '2018-08-03', '2018-08-17'],
    [6, '2018-09-05', '2018-09-05', '2018-09-19'],
  ])(
    'R2015 [F:S10]: jobsamtale no. %i due when the clock reaches that many months (%s), window to due + 14 days',
    (n, _due, guiding, to) => {
      const x = c.conversations.find((y) => y.series === 'COURSE' && y.number === n)!;
      expect(x).toMatchObject({
        type: 7,
        heldBy: 'JOBCENTER',
        guidingDate: guiding,
        rule: 'R2015.UNEMPLOYMENT_BENEFIT.MONTHLY',
      });
      expect(x.window.to).toBe(to);
    },
  );

  it('R2015 [F:S10]: six conversations in the first six months, two of them joint [F:S9]', () => {
    const firstSix = courseSeries(c).filter((x) => x.guidingDate <= '2018-09-05');
    expect(firstSix).toHaveLength(6);
    expect(firstSix.filter((x) => x.type === 17)).toHaveLength(2);
    expect(monthly).toHaveLength(4);
  });

  it('R2015 [F:S10,S11]: joint conversation 1 within weeks 3–6', () => {
    const [joint1] = withRule(c, 'R2015.UNEMPLOYMENT_BENEFIT.JOINT_1');
    expect(joint1).toMatchObject({ number: 1, type: 17, heldBy: 'JOINT', guidingDate: '2018-04-05' });
    expect(joint1.window).toEqual({ from: '2018-03-26', to: '2018-04-16' });
  });

  it('R2015 [F:S10,S11]: joint conversation 2 between 4 and 6 months, not movable outside', () => {
    const [joint2] = withRule(c, 'R2015.UNEMPLOYMENT_BENEFIT.JOINT_2');
    expect(joint2).toMatchObject({
      type: 17,
      guidingDate: '2018-07-05',
      window: { from: '2018-07-05', to: '2018-09-05' },
    });
  });

  it('R2015 [F:S10]: a joint window opening on a Saturday moves the guiding date on, not before the window', () => {
    // anchor Friday 2018-01-05: 4 months = Saturday 2018-05-05
    const [joint2] = withRule(
      course(citizen({ from: '2018-01-05' }), '2018-01-05'),
      'R2015.UNEMPLOYMENT_BENEFIT.JOINT_2',
    );
    expect(joint2.guidingDate).toBe('2018-05-07');
    expect(joint2.window.from).toBe('2018-05-07');
  });

  it('R2015 [F:S12,S33]: after 6 months at least one jobsamtale every 3 months, until the course regime ends', () => {
    expect(guidingDates(withRule(c, 'R2015.UNEMPLOYMENT_BENEFIT.EVERY_3_MONTHS'))).toEqual([
      '2018-12-05',
      '2019-03-05',
      '2019-06-05',
      '2019-09-05',
      '2019-12-05',
    ]);
  });

  it('R2015 [F:S11]: joint conversation 3 at the latest at 16 months', () => {
    const [joint3] = withRule(c, 'R2015.UNEMPLOYMENT_BENEFIT.JOINT_3');
    expect(joint3).toMatchObject({ type: 17, guidingDate: '2019-07-05', window: { to: '2019-07-05' } });
  });

  it('R2015 [F:S8,S9]: a-kasse CV conversation before 2 weeks and 2 availability conversations in 6 months', () => {
    expect(akasseSeries(c).map((x) => [x.type, x.guidingDate, x.heldBy, x.needsBookingDeadline])).toEqual([
      [10, '2018-03-16', 'AKASSE', false], // day 13 = Sunday 18 March → Friday
      [15, '2018-06-05', 'AKASSE', false],
      [15, '2018-09-05', 'AKASSE', false],
    ]);
  });

  it('R2015 [F:S33]: availability conversation timing is configurable per a-kasse', () => {
    const regime = createR2015Regime({
      ...R2015_PARAMETERS,
      unemploymentBenefit: {
        ...R2015_PARAMETERS.unemploymentBenefit,
        availabilityConversationsByAkasse: param({ 'ak-7': [months(2), months(5)] }, 'F:S33', 'test a-kasse'),
      },
    });
    const regimes = [regime, ...DEFAULT_REGIMES.slice(1)];
    const other = course({ ...DAGPENGE, akasseId: 'ak-1' }, NOW, { regimes });
    const ak7 = course({ ...DAGPENGE, akasseId: 'ak-7' }, NOW, { regimes });
    expect(guidingDates(akasseSeries(other)).slice(1)).toEqual(['2018-06-05', '2018-09-05']);
    expect(guidingDates(akasseSeries(ak7)).slice(1)).toEqual(['2018-05-04', '2018-08-03']);
  });

  it('R2015 [F:S31,S32]: mandatory self-booking for dagpenge from 2016-09-01; joint conversations excluded', () => {
    const early = course(citizen({ from: '2016-06-01' }), '2016-06-01');
    const needs = courseSeries(early).map((x) => [x.guidingDate, x.type, x.needsBookingDeadline]);
    expect(needs).toContainEqual(['2016-08-01', 7, false]);
    expect(needs).toContainEqual(['2016-09-01', 7, true]);
    expect(needs.filter(([, type]) => type === 17).every(([, , n]) => n === false)).toBe(true);
  });
});

describe('R2015 first activation (førstegangsaktivering) by age band, age on the due date', () => {
  it.each([
    ['under 30 → after 3 months [F:S33]', '1990-05-01', '2018-06-05', 'under 30'],
    ['30–49 → after 6 months [F:S33]', '1980-01-01', '2018-09-05', '30–49'],
    ['50+ → after 3 months [F:S33]', '1960-01-01', '2018-06-05', '50+'],
    ['turns 30 before the 3-month date → 30–49 band [I]', '1988-04-01', '2018-09-05', '30–49'],
    ['turns 50 just before the 3-month date → 50+ band [I]', '1968-06-01', '2018-06-05', '50+'],
    ['turns 50 between 3 and 6 months → due on the 50th birthday [I]', '1968-08-01', '2018-08-01', '50+'],
  ])('R2015 dagpenge: %s', (_name, birthDate, deadline, band) => {
    const fa = course({ ...DAGPENGE, birthDate }, NOW).firstActivation!;
    expect(fa).toMatchObject({ regime: 'R2015', deadline, ageBand: band, postponedByExemption: false });
  });

  it('R2015 [F:S33; §9]: the 50+ deadline is one parameter (3 months or 13 weeks)', () => {
    const bands = R2015_PARAMETERS.unemploymentBenefit.firstActivationAgeBands;
    const regime = createR2015Regime({
      ...R2015_PARAMETERS,
      unemploymentBenefit: {
        ...R2015_PARAMETERS.unemploymentBenefit,
        firstActivationAgeBands: param(
          bands.value.map((b) => (b.minAge === 50 ? { ...b, after: weeks(13) } : b)),
          bands.source,
          '13 weeks reading',
        ),
      },
    });
    const fa = course({ ...DAGPENGE, birthDate: '1960-01-01' }, NOW, {
      regimes: [regime, ...DEFAULT_REGIMES.slice(1)],
    }).firstActivation!;
    expect(fa.deadline).toBe('2018-06-04'); // 91 days after 5 March
  });

  it('R2015 [I]: the age reference is a parameter: age at the start keeps the under-30 band for a 29-year-old', () => {
    const regime = createR2015Regime({
      ...R2015_PARAMETERS,
      unemploymentBenefit: {
        ...R2015_PARAMETERS.unemploymentBenefit,
        firstActivationAgeOn: param('ANCHOR' as const, 'I', 'age at the start of the course'),
      },
    });
    const fa = course({ ...DAGPENGE, birthDate: '1988-04-01' }, NOW, {
      regimes: [regime, ...DEFAULT_REGIMES.slice(1)],
    }).firstActivation!;
    expect(fa).toMatchObject({ deadline: '2018-06-05', ageBand: 'under 30' });
  });

  it.each([
    ['jobparat under 30: after 3 months [F:S34]', 'SOCIAL_ASSISTANCE_JOB_READY', '1995-01-01', '2017-04-28'],
    ['jobparat 30+: no rule [F:S34]', 'SOCIAL_ASSISTANCE_JOB_READY', '1980-01-01', null],
    [
      'aktivitetsparat: at the latest 6 months after first contact [F:S34]',
      'SOCIAL_ASSISTANCE_ACTIVITY_READY',
      '1980-01-01',
      '2017-07-28',
    ],
  ] as const)('R2015 kontanthjælp: %s', (_name, group, birthDate, deadline) => {
    const c = course(
      citizen({ group, from: '2017-02-01', birthDate, anchors: { firstRequestForHelp: '2017-01-30' } }),
      '2017-02-01',
    );
    expect(c.firstActivation?.deadline ?? null).toBe(deadline);
  });
});

describe('R2015 other groups', () => {
  it('R2015 [F:S13,S34]: kontanthjælp first conversation within 1 week of the first request for help', () => {
    const c = course(
      citizen({
        group: 'SOCIAL_ASSISTANCE_JOB_READY',
        from: '2017-02-01',
        anchors: { firstRequestForHelp: '2017-01-30' },
      }),
      '2017-02-01',
    );
    expect(c.period.anchor).toBe('2017-01-30');
    expect(courseSeries(c)[0]).toMatchObject({
      guidingDate: '2017-02-06',
      window: { from: '2017-01-30', to: '2017-02-06' },
    });
  });

  it('R2015 [F:S12,S34]: aktivitetsparat at least 4 conversations per 12 months after the first', () => {
    const c = course(citizen({ group: 'SOCIAL_ASSISTANCE_ACTIVITY_READY', from: '2017-01-30' }), '2017-02-01');
    expect(guidingDates(withRule(c, 'R2015.ASSISTANCE.FOLLOWING'))).toEqual([
      '2017-05-05',
      '2017-08-04',
      '2017-11-06',
      '2018-02-06',
    ]);
  });

  it('R2015 [F:S13,S20]: sygedagpenge first follow-up before the end of week 8 of absence', () => {
    const c = course(citizen({ group: 'SICKNESS_BENEFIT', from: '2017-02-06' }), '2017-02-06');
    expect(courseSeries(c)[0]).toMatchObject({ type: 4, guidingDate: '2017-03-31', window: { to: '2017-03-31' } });
  });

  it('R2015 [F:S2,S3]: no mandatory self-booking for groups other than dagpenge', () => {
    const c = course(citizen({ group: 'SOCIAL_ASSISTANCE_JOB_READY', from: '2017-01-30' }), '2017-02-01');
    expect(c.conversations.some((x) => x.needsBookingDeadline)).toBe(false);
  });

  it('R2015 [F:S17]: "others" have no mandatory conversations', () => {
    expect(course(citizen({ group: 'OTHER', from: '2017-01-30' }), '2017-02-01').conversations).toEqual([]);
  });
});
