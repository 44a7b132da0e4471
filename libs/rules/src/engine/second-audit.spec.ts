/**
 * Findings of the second outside audit of the schedule (issues 18 and 23, items 8–10), each from the rules it
 * concerns. Every test here failed on the engine before the fix.
 */
import { addDays, toDayNumber } from '@selvbook/calendar';
import { CONTACT_GROUPS } from '../model/contact-group';
import { PROFILE_PARAMETERS, days, param } from '../parameters';
import { DEFAULT_REGIMES, R2020_PARAMETERS, createR2020Regime } from '../regimes';
import { citizen, course, courseSeries, withHeld, withRule } from '../testing/citizens';
import { tryCalculateContactCourse } from './calculate-contact-course';

const diffDays = (from: string, to: string) => toDayNumber(to) - toDayNumber(from);

const refusal = (
  profile: Parameters<typeof tryCalculateContactCourse>[0],
  now: string,
  options?: Parameters<typeof tryCalculateContactCourse>[2],
) => {
  const r = tryCalculateContactCourse(profile, now, options);
  return r.ok ? null : { reason: r.error.reason, field: r.error.field };
};

describe('issue 18.1: a conversation whose window is shorter than any deadline is arranged by the jobcenter', () => {
  // Jobparat kontanthjælp, first request for help Monday 2021-03-01.
  const kh = citizen({
    group: 'SOCIAL_ASSISTANCE_JOB_READY',
    from: '2021-03-01',
    anchors: { firstRequestForHelp: '2021-03-01' },
  });

  it('R2020 §31 stk. 5 [F:S16, F:S5]: the first conversation (1 week after the request): summons, no deadline', () => {
    const [first, ...rest] = courseSeries(course(kh, '2021-03-01'));
    expect(first).toMatchObject({
      rule: 'R2020.ASSISTANCE.FIRST_CONVERSATION',
      window: { from: '2021-03-01', to: '2021-03-08' },
      status: 'DUE',
      needsBookingDeadline: false,
      summonsReason: 'WINDOW_SHORTER_THAN_MINIMUM_DEADLINE',
    });
    // The later ones have room for an 8-day deadline and stay self-booked.
    expect(rest.every((x) => x.needsBookingDeadline && x.summonsReason === null)).toBe(true);
  });

  it('§5 [F:S5]: in every group and regime, a self-booking deadline has the 8-day minimum (not sygedagpenge)', () => {
    let checked = 0;
    let summoned = 0;
    for (const group of CONTACT_GROUPS) {
      for (let start = toDayNumber('2016-01-04'); start < toDayNumber('2027-01-01'); start += 37) {
        const from = addDays('2016-01-04', start - toDayNumber('2016-01-04'));
        const c = course(
          citizen({
            group,
            from,
            anchors: group === 'UNEMPLOYMENT_BENEFIT' ? { firstUnemploymentBenefitDay: from } : {},
          }),
          from,
        );
        for (const x of courseSeries(c)) {
          if (x.summonsReason !== null) summoned++;
          if (!x.needsBookingDeadline) continue;
          checked++;
          if (group !== 'SICKNESS_BENEFIT') expect(diffDays(x.window.from, x.window.to)).toBeGreaterThanOrEqual(8);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(summoned).toBeGreaterThan(0);
  });

  it('§5 [F:S5]: sygedagpenge has no 8-day minimum, so a short window still carries a deadline', () => {
    const sick = citizen({
      group: 'SICKNESS_BENEFIT',
      from: '2021-03-01',
      anchors: { firstDayOfAbsence: '2021-03-01' },
    });
    expect(courseSeries(course(sick, '2021-03-01')).every((x) => x.summonsReason === null)).toBe(true);
  });

  it('§4 step 6 [F:S17 §46]: an exempt citizen is summoned for the exemption, not the short window', () => {
    const exempt = { ...kh, exemptions: [{ kind: 'EXEMPTION' as const, from: '2021-03-01' }] };
    expect(courseSeries(course(exempt, '2021-03-01'))[0]).toMatchObject({
      needsBookingDeadline: false,
      summonsReason: null,
    });
  });
});

describe('issue 18.2: the same conversation registered twice on one day counts once', () => {
  const dagpenge = citizen({ from: '2021-03-01', anchors: { firstUnemploymentBenefitDay: '2021-03-01' } });

  it('§6 [F:S25]: two held jobsamtaler of the same type on the same day fill one slot, not two', () => {
    const twice = withHeld(dagpenge, { type: 7, heldAt: '2021-03-25' }, { type: 7, heldAt: '2021-03-25' });
    const held = courseSeries(course(twice, '2021-04-20')).filter((x) => x.status === 'HELD');
    expect(held).toHaveLength(1);
  });

  it('§6 [F:S25]: conversations of different types on one day are different registrations and both count', () => {
    const both = withHeld(dagpenge, { type: 7, heldAt: '2021-03-25' }, { type: 17, heldAt: '2021-03-25' });
    expect(courseSeries(course(both, '2021-04-20')).filter((x) => x.status === 'HELD')).toHaveLength(2);
  });
});

describe('issue 18.3: a date moved off a holiday stays in the regime whose conversation it is', () => {
  it('§0 [F:S14, I]: dagpenge from 2023-12-01: the R2024 a-kasse conversation due 1/1/2024 stays out of R2020', () => {
    const c = course(
      citizen({ from: '2023-12-01', anchors: { firstUnemploymentBenefitDay: '2023-12-01' } }),
      '2023-12-01',
    );
    for (const x of c.conversations) {
      const start = DEFAULT_REGIMES.find((r) => r.id === x.regime)!.inForceFrom;
      expect(toDayNumber(x.guidingDate)).toBeGreaterThanOrEqual(start);
      expect(toDayNumber(x.window.to)).toBeGreaterThanOrEqual(start);
    }
    const akasse = courseSeries(c).filter((x) => x.heldBy === 'AKASSE');
    expect(akasse.every((x) => x.regime === 'R2024' && x.guidingDate >= '2024-01-02')).toBe(true);
  });

  it('§0 [F:S16, I]: a conversation R2020 plans for 1 January 2020 keeps its R2020 label on 2 January', () => {
    const c = course(
      citizen({ from: '2019-10-01', anchors: { firstUnemploymentBenefitDay: '2019-10-01' } }),
      '2019-10-01',
    );
    const x = courseSeries(c).find((y) => y.regime === 'R2020')!;
    expect(x.guidingDate).toBe('2020-01-02');
  });
});

describe('issue 18.4: implausible or unsupported input is refused with a reason', () => {
  it('§2 [I: PROFILE_PARAMETERS.maximumAgeAtCourseStart]: a citizen over 80 at course start (born 1900-01-01)', () => {
    expect(refusal(citizen({ birthDate: '1900-01-01' }), '2021-03-01')).toEqual({
      reason: 'IMPLAUSIBLE_BIRTH_DATE',
      field: 'birthDate',
    });
  });

  it('§2 [I: PROFILE_PARAMETERS.minimumAgeAtCourseStart]: a citizen under 15 at course start; 15 is accepted', () => {
    expect(refusal(citizen({ birthDate: '2006-03-02' }), '2021-03-01')).toEqual({
      reason: 'IMPLAUSIBLE_BIRTH_DATE',
      field: 'birthDate',
    });
    expect(refusal(citizen({ birthDate: '2006-03-01' }), '2021-03-01')).toBeNull();
  });

  it('§2 [I]: the bounds are named parameters', () => {
    const bounds = { ...PROFILE_PARAMETERS, maximumAgeAtCourseStart: param(130, 'I', 'test') };
    expect(refusal(citizen({ birthDate: '1900-01-01' }), '2021-03-01', { profile: bounds })).toBeNull();
  });

  it('§0 [F:S3,S6,S9]: an asOf before the first regime in force (2015-07-01) is refused, not labelled R2015', () => {
    expect(refusal(citizen({ from: '2015-06-01' }), '2015-06-30')).toEqual({
      reason: 'BEFORE_FIRST_REGIME',
      field: 'now',
    });
  });

  it('§0 [F:S3,S6,S9]: a course starting before 2015-07-01 is refused even when asOf is later', () => {
    expect(
      refusal(citizen({ from: '2015-05-04', anchors: { firstUnemploymentBenefitDay: '2015-05-04' } }), '2015-09-01'),
    ).toEqual({
      reason: 'BEFORE_FIRST_REGIME',
      field: 'anchors.firstUnemploymentBenefitDay',
    });
    expect(refusal(citizen({ from: '2015-07-01' }), '2015-09-01')).toBeNull();
  });

  it('§6 [F:S25]: a held conversation of a type not allowed for the group that day (type 7 for sygedagpenge)', () => {
    const sick = citizen({
      group: 'SICKNESS_BENEFIT',
      from: '2021-03-01',
      heldConversations: [{ type: 7, heldAt: '2021-03-10' }],
    });
    expect(refusal(sick, '2021-04-01')).toEqual({
      reason: 'TYPE_NOT_ALLOWED_FOR_GROUP',
      field: 'heldConversations[0].type',
    });
  });

  it("§6 [F:S25]: joint conversation 17 on kontanthjælp is refused; jobsamtale before dagpenge isn't [F:S4]", () => {
    const kh = citizen({
      group: 'SOCIAL_ASSISTANCE_JOB_READY',
      from: '2021-03-01',
      heldConversations: [{ type: 17, heldAt: '2021-03-10' }],
    });
    expect(refusal(kh, '2021-04-01')).toMatchObject({ reason: 'TYPE_NOT_ALLOWED_FOR_GROUP' });
    const moved = citizen({
      contactGroupHistory: [
        { group: 'SOCIAL_ASSISTANCE_JOB_READY', from: '2021-01-04' },
        { group: 'UNEMPLOYMENT_BENEFIT', from: '2021-03-01' },
      ],
      anchors: { firstUnemploymentBenefitDay: '2021-03-01' },
      heldConversations: [
        { type: 7, heldAt: '2021-01-20' },
        { type: 17, heldAt: '2021-04-20' },
      ],
    });
    expect(refusal(moved, '2021-05-01')).toBeNull();
  });

  it('§4 [F:S4; I: PROFILE_PARAMETERS.unemploymentBenefitAnchorWhenUnreported]: no first dagpenge day', () => {
    // dagpenge without the first dagpenge day: the group start by default, refused when required
    const unreported = citizen({ from: '2021-03-01' });
    expect(course(unreported, '2021-03-01').period.anchor).toBe('2021-03-01');
    const required = {
      ...PROFILE_PARAMETERS,
      unemploymentBenefitAnchorWhenUnreported: param('REQUIRED' as const, 'I', 'test'),
    };
    expect(refusal(unreported, '2021-03-01', { profile: required })).toEqual({
      reason: 'MISSING_ANCHOR',
      field: 'anchors.firstUnemploymentBenefitDay',
    });
  });
});

describe('issue 18.5: the R2020 window after a guiding date is a named [I] parameter', () => {
  it('R2020 [I, by analogy with F:S10]: the slack after a guiding date is R2020_PARAMETERS…postponement', () => {
    // changing it changes the windows
    expect(R2020_PARAMETERS.unemploymentBenefit.postponement).toMatchObject({ value: days(14), source: 'I' });
    const shorter = createR2020Regime({
      ...R2020_PARAMETERS,
      unemploymentBenefit: { ...R2020_PARAMETERS.unemploymentBenefit, postponement: param(days(7), 'I', 'test') },
    });
    const regimes = DEFAULT_REGIMES.map((r) => (r.id === 'R2020' ? shorter : r));
    const dagpenge = citizen({ from: '2021-03-01', anchors: { firstUnemploymentBenefitDay: '2021-03-01' } });
    const rule = 'R2020.UNEMPLOYMENT_BENEFIT.JOB_CONVERSATION';
    const [a] = withRule(course(dagpenge, '2021-03-01'), rule);
    const [b] = withRule(course(dagpenge, '2021-03-01', { regimes }), rule);
    expect(diffDays(b.window.to, a.window.to)).toBe(7);
  });
});

describe('issue 23.8: joint conversations across the 2020-01-01 crossing', () => {
  // Dagpenge from 2019-11-20: R2015's joint 1 falls in weeks 3–6 (December 2019); R2020 plans from 2020.
  const crossing = citizen({ from: '2019-11-20', anchors: { firstUnemploymentBenefitDay: '2019-11-20' } });

  it("§0 [F:S9,S10,S45]: at most two joint conversations in the first six: R2015's joint 1 stands for R2020's", () => {
    const firstSix = courseSeries(course(crossing, '2019-11-20')).slice(0, 6);
    expect(firstSix.map((x) => x.type)).toEqual([17, 7, 7, 7, 17, 7]);
    expect(firstSix.map((x) => x.regime)).toEqual(['R2015', 'R2020', 'R2020', 'R2020', 'R2020', 'R2020']);
  });

  it('§0 [F:S4,S9,S45]: a joint conversation held in December 2019 is credited; no other joint 1 stays due', () => {
    const held = { ...crossing, heldConversations: [{ type: 17 as const, heldAt: '2019-12-16' }] };
    const c = courseSeries(course(held, '2020-02-10'));
    expect(c[0]).toMatchObject({ type: 17, status: 'HELD', heldAt: '2019-12-16' });
    const jointsDueInMonthsZeroToThree = c.filter(
      (x) => x.type === 17 && x.status !== 'HELD' && x.guidingDate <= '2020-02-20',
    );
    expect(jointsDueInMonthsZeroToThree).toEqual([]);
  });

  it("§4 step 3 [F:S10]: a jobsamtale held after a slot's ceiling is not attached to it (nor to earlier ones)", () => {
    // Kontanthjælp from 2021-03-01: 4 conversations in the first 6 months, which end on 1 September.
    const kh = citizen({
      group: 'SOCIAL_ASSISTANCE_JOB_READY',
      from: '2021-03-01',
      heldConversations: [
        { type: 7, heldAt: '2021-03-05' },
        { type: 7, heldAt: '2021-10-04' },
      ],
    });
    const c = courseSeries(course(kh, '2021-10-05'));
    for (const x of c.filter((y) => y.status === 'HELD'))
      expect(x.heldAt! <= x.window.to || x.rule.endsWith('FIRST_CONVERSATION')).toBe(true);
    expect(c.filter((x) => x.status === 'HELD').map((x) => x.heldAt)).toEqual(['2021-03-05']);
  });
});

describe('issue 23.9: paid hours for a month that has not begun are refused', () => {
  const dagpenge = citizen({ from: '2021-03-01', anchors: { firstUnemploymentBenefitDay: '2021-03-01' } });

  it('§4 step 1 [F:S4,S21 §79]: a report for a month after asOf is refused like a conversation after asOf', () => {
    expect(refusal({ ...dagpenge, paidHours: [{ month: '2021-05', hours: 0 }] }, '2021-04-20')).toEqual({
      reason: 'REPORTED_IN_FUTURE',
      field: 'paidHours[0].month',
    });
  });

  it('§4 step 1 [F:S4]: the month asOf falls in may be reported (the a-kasse reports at month end)', () => {
    expect(refusal({ ...dagpenge, paidHours: [{ month: '2021-04', hours: 100 }] }, '2021-04-30')).toBeNull();
  });
});

describe('issue 23.10: a late first kontanthjælp conversation is the first conversation', () => {
  it('R2020 §31 stk. 5 [F:S16]: held after its 1-week ceiling, still no. 1, in its own window; none overdue', () => {
    const kh = citizen({
      group: 'SOCIAL_ASSISTANCE_JOB_READY',
      from: '2021-03-01',
      heldConversations: [{ type: 7, heldAt: '2021-03-12' }],
    });
    const [first, second, ...rest] = courseSeries(course(kh, '2021-03-15'));
    expect(first).toMatchObject({
      number: 1,
      rule: 'R2020.ASSISTANCE.FIRST_CONVERSATION',
      window: { from: '2021-03-01', to: '2021-03-08' },
      status: 'HELD',
      heldAt: '2021-03-12',
    });
    expect(second).toMatchObject({ number: 2, rule: 'R2020.ASSISTANCE.JOB_CONVERSATION', status: 'DUE', heldAt: null });
    expect([second, ...rest].some((x) => x.status === 'OVERDUE')).toBe(false);
  });

  it('R2020 §13b [F:S20]: the same for the first sygedagpenge follow-up held after week 8', () => {
    const sick = citizen({
      group: 'SICKNESS_BENEFIT',
      from: '2021-03-01',
      heldConversations: [{ type: 4, heldAt: '2021-05-03' }],
    });
    const [first] = courseSeries(course(sick, '2021-05-04'));
    expect(first).toMatchObject({
      number: 1,
      rule: 'R2020.SICKNESS_BENEFIT.FIRST_FOLLOW_UP',
      status: 'HELD',
      heldAt: '2021-05-03',
    });
  });
});
