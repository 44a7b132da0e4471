import { citizen, course, courseSeries } from '../testing/citizens';

describe('regime changes: a course crossing 2020-01-01 or 2024-01-01 is recalculated from then [RULES §0]', () => {
  const crossing2020 = citizen({ from: '2019-10-01', anchors: { firstUnemploymentBenefitDay: '2019-10-01' } });

  it('§0 [F:S9,S16]: dagpenge 2019-10-01: R2015 before 2020, R2020 from 2020, still 6, 2 joint in 6 months', () => {
    const firstSix = courseSeries(course(crossing2020, '2019-10-01')).slice(0, 6);
    expect(firstSix.map((x) => [x.regime, x.type, x.guidingDate])).toEqual([
      ['R2015', 17, '2019-11-01'],
      ['R2015', 7, '2019-11-29'],
      // month 3 = 1 January 2020 (a holiday): not back into R2015's time, the next working day
      ['R2020', 7, '2020-01-02'],
      ['R2020', 7, '2020-01-31'],
      ['R2020', 17, '2020-02-28'],
      ['R2020', 7, '2020-04-01'],
    ]);
  });

  it('§0: the regime reported is the one in force on the date evaluated', () => {
    expect(course(crossing2020, '2019-12-31').regime).toBe('R2015');
    expect(course(crossing2020, '2020-01-01').regime).toBe('R2020');
  });

  it('§0: the same course is calculated whatever "now" is (only statuses depend on it)', () => {
    const dates = (now: string) => course(crossing2020, now).conversations.map((x) => x.guidingDate);
    expect(dates('2019-10-01')).toEqual(dates('2020-06-01'));
  });

  it('§0 [F:S14]: dagpenge 2023-11-06 crosses 2024: an R2020 jobsamtale, then R2024 a-kasse, jobcenter phases', () => {
    const c = course(citizen({ from: '2023-11-06' }), '2023-11-06');
    expect(
      courseSeries(c)
        .slice(0, 6)
        .map((x) => [x.regime, x.heldBy, x.guidingDate]),
    ).toEqual([
      ['R2020', 'JOBCENTER', '2023-12-06'],
      ['R2024', 'AKASSE', '2024-01-05'],
      ['R2024', 'AKASSE', '2024-01-31'],
      ['R2024', 'JOBCENTER', '2024-03-06'],
      ['R2024', 'JOBCENTER', '2024-04-05'],
      ['R2024', 'JOBCENTER', '2024-05-06'],
    ]);
    expect(c.firstActivation).toMatchObject({ regime: 'R2024', deadline: '2024-05-06' });
  });

  it('§0 [F:S16]: kontanthjælp 2023-11-01: first conversation under R2020, the rest under R2024', () => {
    const c = course(citizen({ group: 'SOCIAL_ASSISTANCE_JOB_READY', from: '2023-11-01' }), '2023-12-10');
    expect(courseSeries(c).map((x) => x.regime)).toEqual(['R2020', 'R2024', 'R2024', 'R2024']);
    expect(c.regime).toBe('R2020');
  });

  it('§0 [F:S16 §32]: a R2015 course whose conversations all fall before 2020 keeps R2015 throughout', () => {
    const c = course(citizen({ from: '2017-01-02' }), '2017-01-02');
    expect(c.conversations.every((x) => x.regime === 'R2015')).toBe(true);
  });
});
