/**
 * R2015: the joint, intensified contact course (fælles og intensiveret kontaktforløb), 2015-07-01 →
 * 2019-12-31 [F:S3,S6,S9]. Every value is named, with its source tag (docs/domain/sources.md) and why.
 */
import { days, inferred, months, param, weeks } from '../../parameters';
import { AgeBand, AgeReference } from '../regime';
import { selfBookingRule, selfBookingTable } from '../shared-planners';

/** Sygedagpenge and the other groups, with no R2015 rule read, borrow R2020's 6-month period and a jobsamtale slack. */
const borrowedPeriod = (countedBy: string) => ({
  period: inferred(months(6), `see ${countedBy}`),
  postponement: inferred(days(14), 'same slack as a jobsamtale, never past the period end'),
});

export const R2015_PARAMETERS = {
  inForceFrom: param('2015-07-01', 'F:S3,S6,S9', '2014 reform of LAB (bill L 58 2014-15)'),

  unemploymentBenefit: {
    monthlyConversations: param(
      6,
      'F:S10',
      'one jobsamtale each time another full month of cumulative unemployment is reached',
    ),
    postponement: param(days(14), 'F:S10', 'a jobsamtale may be postponed up to 2 weeks; later due dates do not move'),
    firstJointNumber: inferred(1, 'the month-1 conversation is the one that falls inside weeks 3–6'),
    firstJointFrom: param(weeks(3), 'F:S10,S11', 'joint conversation 1 within weeks 3–6, after the CV conversation'),
    firstJointTo: param(weeks(6), 'F:S10,S11', 'joint conversation 1 within weeks 3–6'),
    secondJointNumber: inferred(4, 'the first monthly conversation inside months 4–6'),
    secondJointFrom: param(months(4), 'F:S10,S11', 'joint conversation 2 between 4 and 6 months, not movable outside'),
    secondJointTo: param(months(6), 'F:S10,S11', 'joint conversation 2 between 4 and 6 months, not movable outside'),
    thirdJointFrom: inferred(months(6), 'joint conversation 3 follows the first six months'),
    thirdJointLatest: param(months(16), 'F:S11', 'joint conversation 3 at the latest at 16 months'),
    afterSixMonthsEvery: param(months(3), 'F:S12,S33', 'after 6 months at least one jobsamtale every 3 months'),
    afterSixMonthsPostponement: inferred(
      days(14),
      'the 2-week postponement of the first six applied to the later ones',
    ),
    horizon: param(months(24), 'F:S42', 'the dagpenge period is 2 years of cumulative unemployment'),
    cvConversationWithin: param(weeks(2), 'F:S8,S9', 'a-kasse CV conversation before 2 weeks of unemployment'),
    availabilityConversationsAt: param(
      [months(3), months(6)],
      'F:S8,S9; I',
      'two availability conversations in the first 6 months; "before" ' +
        'or "after" 3 and 6 months differs between a-kasser (§9)',
    ),
    availabilityConversationsByAkasse: param(
      {} as Readonly<Record<string, readonly ReturnType<typeof months>[]>>,
      'F:S33',
      'timing differs between a-kasser: overrides keyed by akasseId',
    ),
    firstActivationAgeBands: param<readonly AgeBand[]>(
      [
        { label: 'under 30', minAge: 0, maxAge: 30, after: months(3) },
        { label: '30–49', minAge: 30, maxAge: 50, after: months(6) },
        { label: '50+', minAge: 50, maxAge: null, after: months(3) },
      ],
      'F:S33',
      'first activation after 3 / 6 / 3 months; 50+ is also read as 13 weeks (§9)',
    ),
    firstActivationAgeOn: inferred<AgeReference>(
      'DUE_DATE',
      'age is taken on the due date, so crossing 30 or 50 mid-course re-evaluates the band',
    ),
  },

  assistance: {
    firstConversationWithin: param(
      days(7),
      'F:S13,S34',
      'first conversation within 1 week of the first request for help',
    ),
    activityReadyPerYear: param(
      4,
      'F:S12,S34',
      'aktivitetsparat: at least 4 conversations per 12 months after the first',
    ),
    otherAssistancePerYear: inferred(4, 'no R2015 rule read for jobparat / uddannelsesparat: same as aktivitetsparat'),
    planAhead: inferred(months(12), 'plan the first year after the first conversation'),
    jobReadyUnder30FirstActivation: param(
      months(3),
      'F:S34',
      'jobparat under 30 not in a job within 3 months: work for the benefit',
    ),
    activityReadyFirstActivation: param(
      months(6),
      'F:S34',
      'aktivitetsparat: at the latest 6 months after first contact',
    ),
  },

  sicknessBenefit: {
    firstFollowUpByEndOfWeek: param(8, 'F:S13,S20', 'first follow-up before the end of week 8 of absence'),
    followUpsInPeriod: inferred(4, 'no R2015 count read: the R2020 "at least 4 in 6 months" [F:S20 §13b] is used'),
    ...borrowedPeriod('followUpsInPeriod'),
  },

  /** Jobafklaring, ressourceforløb, ledighedsydelse, revalidering. */
  otherGroups: {
    conversationsInPeriod: inferred(4, 'no R2015 rule read: the R2020 baseline of 4 in the first 6 months is used'),
    ...borrowedPeriod('conversationsInPeriod'),
  },

  firstActivation: {
    graceAfterExemption: inferred(
      months(1),
      'R2020 §102 stk. 4 (offer within 1 month after an exemption ends) applied to R2015',
    ),
  },

  selfBooking: selfBookingTable(
    selfBookingRule(
      [],
      null,
      'F:S2,S3; I',
      'before 2020 a jobcenter could set deadlines for other groups; off unless configured',
    ),
    {
      UNEMPLOYMENT_BENEFIT: selfBookingRule(
        [7],
        '2016-09-01',
        'F:S31,S32',
        'mandatory with deregistration from 2016-09-01; joint conversations were excluded in 2016',
      ),
    },
  ),
} as const;

export type R2015Parameters = typeof R2015_PARAMETERS;
