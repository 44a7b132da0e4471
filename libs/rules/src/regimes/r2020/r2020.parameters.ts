/**
 * R2020: the simplified employment effort (forenklet beskæftigelsesindsats), 2020-01-01 → 2023-12-31,
 * LAB = lov nr. 548 af 7/5/2019 [F:S1,S13,S15,S16].
 */
import { ContactGroup } from '../../model/contact-group';
import { Duration, days, inferred, months, param, weeks } from '../../parameters';
import { selfBookingRule, selfBookingTable } from '../shared-planners';

/** The slack of the groups other than dagpenge, whose conversations R2020 law counts per 6 months. */
const postponementByAnalogy = () =>
  inferred(
    days(14),
    "no window per conversation in R2020 law (a count per 6 months): R2015's " +
      '2-week postponement [F:S10] by analogy, never past the period end',
  );

export const R2020_PARAMETERS = {
  inForceFrom: param('2020-01-01', 'F:S16', 'LAB, lov nr. 548 af 7/5/2019'),

  unemploymentBenefit: {
    conversationsInPeriod: param(
      6,
      'F:S9,S45',
      '6 jobsamtaler in the first 6 months = 4 + 2 joint ("4 for all groups" [F:S13] conflicts, §9)',
    ),
    period: param(months(6), 'F:S9,S45', 'the first 6 months of cumulative unemployment'),
    jointNumbers: inferred(
      [2, 5] as const,
      'the 2nd falls in months 0–3 and the 5th in months 3–6, each with room to postpone',
    ),
    firstJointLatest: param(months(3), 'F:S9,S45', 'joint conversation 1 within months 0–3'),
    secondJointAfter: param(months(3), 'F:S9,S45', 'joint conversation 2 within months 3–6 (after 3 months)'),
    postponement: inferred(
      days(14),
      'R2020 law counts per 6 months, with no window per conversation [F:S16 §31]: ' +
        "R2015's 2-week postponement [F:S10] by analogy, never past the period end",
    ),
    jointAtLatest: param(months(16), 'F:S16 §32', 'the a-kasse joins a conversation at the latest at 16 months'),
    cvConversationWithin: param(weeks(2), 'F:S8,S14', 'a-kasse CV conversation before 2 weeks'),
    availabilityConversationsAt: param<readonly Duration[]>(
      [months(3), months(6)],
      'F:S14; I',
      'two availability conversations; timing differs between a-kasser (§9)',
    ),
    availabilityConversationsByAkasse: param(
      {} as Readonly<Record<string, readonly Duration[]>>,
      'F:S33',
      'timing overrides keyed by akasseId',
    ),
  },

  /** Kontanthjælp and uddannelseshjælp (groups 2–5). */
  assistance: {
    firstConversationWithin: param(
      days(7),
      'F:S16 §31 stk. 5',
      'first conversation at the latest 1 week after the first request',
    ),
    conversationsInPeriod: param(4, 'F:S16 §31; S13', 'at least 4 individual jobsamtaler in the first 6 months'),
    period: param(months(6), 'F:S16 §31', 'a change of benefit starts a new 6-month period'),
    postponement: postponementByAnalogy(),
  },

  sicknessBenefit: {
    firstFollowUpByEndOfWeek: param(8, 'F:S20 §13b', 'first follow-up before the end of week 8 of absence'),
    followUpsInPeriod: param(
      4,
      'F:S20 §13b',
      'at least 4 follow-ups in the first 6 months from the first day of absence',
    ),
    period: param(months(6), 'F:S20 §13b', 'the first 6 months of absence'),
    postponement: postponementByAnalogy(),
  },

  /** Jobafklaring, ressourceforløb, ledighedsydelse, revalidering (groups 7–10). */
  otherGroups: {
    conversationsInPeriod: param(4, 'F:S16 §31; S13', 'at least 4 in the first 6 months'),
    period: param(months(6), 'F:S16 §9', 'from the switch to that benefit'),
    postponement: postponementByAnalogy(),
  },

  firstActivation: {
    groups: param<readonly ContactGroup[]>(
      ['UNEMPLOYMENT_BENEFIT', 'SOCIAL_ASSISTANCE_JOB_READY', 'SOCIAL_ASSISTANCE_ACTIVITY_READY'],
      'F:S16 §102',
      'groups 1–3',
    ),
    after: param(months(6), 'F:S16 §102', 'at the latest after 6 months on the §9 clock'),
    graceAfterExemption: param(
      months(1),
      'F:S16 §102 stk. 4',
      'exempt at the deadline → within 1 month after the exemption ends',
    ),
    wageSubsidyStartWithin: param(
      weeks(3),
      'F:S16 §102',
      'a wage-subsidy offer made by the deadline may start up to 3 weeks later',
    ),
    minimumOfferWeeks: param(2, 'F:S16 §102', 'the offer lasts at least 2 consecutive weeks'),
  },

  selfBooking: selfBookingTable(selfBookingRule([], null, 'I', 'voluntary booking only'), {
    UNEMPLOYMENT_BENEFIT: selfBookingRule(
      [7, 17],
      null,
      'F:S31,S8; S23; I',
      'mandatory since 2016; deadlines exist for type 17 too',
    ),
    SOCIAL_ASSISTANCE_JOB_READY: selfBookingRule([7], '2020-01-01', 'F:S1,S18', 'mandatory from 2020-01-01'),
    SOCIAL_ASSISTANCE_ACTIVITY_READY: selfBookingRule([7], '2021-01-01', 'F:S15,S19', 'mandatory from 2021-01-01'),
    EDUCATION_READY: selfBookingRule(
      [7],
      '2021-01-01',
      'F:S1; F/I:S15',
      'obviously education-ready from 2020, the rest 2021: the later date is used',
    ),
    EDUCATION_ASSISTANCE_ACTIVITY_READY: selfBookingRule(
      [7],
      '2021-01-01',
      'F/I:S15',
      'from 2021, with the other groups the 2021 news names',
    ),
    SICKNESS_BENEFIT: selfBookingRule(
      [4],
      '2020-01-01',
      'F:S1,S5',
      'from 2020; the 8-day minimum deadline does not apply',
    ),
    JOB_CLARIFICATION_COURSE: selfBookingRule([4, 7], '2020-01-01', 'F:S1', 'from 2020'),
    RESOURCE_COURSE: selfBookingRule([4, 7], '2021-01-01', 'F:S15', 'from 2021'),
    FLEX_JOB_BENEFIT: selfBookingRule([], null, 'I', '"with deadline" only if the jobcenter chooses'),
    REHABILITATION: selfBookingRule([], null, 'I', 'no source: off unless configured'),
  }),
} as const;

export type R2020Parameters = typeof R2020_PARAMETERS;
