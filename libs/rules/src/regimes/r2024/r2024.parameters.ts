/**
 * R2024: simplified contact course, from 2024-01-01 (lov nr. 727 af 13/6/2023): for dagpenge the
 * a-kasse runs months 0–3 and the jobcenter months 3–6 [F:S14,S16]. Other groups keep the R2020 rules.
 */
import { Duration, days, hours, inferred, months, param, weeks } from '../../parameters';
import { R2020_PARAMETERS } from '../r2020/r2020.parameters';
import { selfBookingRule, selfBookingTable } from '../shared-planners';

export const R2024_PARAMETERS = {
  inForceFrom: param('2024-01-01', 'F:S14,S16', 'lov nr. 727 af 13/6/2023'),

  unemploymentBenefit: {
    /**
     * The a-kasse's three jobsamtaler replace the R2020 CV conversation and the two availability conversations:
     * no separate type 10/15 series is planned under R2024. The first is the welcome / CV conversation within
     * 2 weeks (the CV work, "Min plan" and job-search requirements move into it) [F:S8,S50,S51]; a-kasser differ
     * in the timing of the other two (one publishes about 6 and before 12 weeks [F:S50]), so they stay at months
     * 2 and 3 [I].
     */
    akasseConversationsAt: param<readonly Duration[]>(
      [weeks(2), months(2), months(3)],
      'F:S14,S50,S51; I',
      'first within 2 weeks (the welcome / CV conversation), the others by months 2 and 3',
    ),
    akasseConversationType: param(
      7 as const,
      'F:S51; I',
      'registered as jobsamtaler; CV (10) and availability (15) conversations also count',
    ),
    handoverHoursFullTime: param(
      hours(410),
      'F:S14,S33',
      'responsibility moves at month end once more than 410 dagpenge hours are paid',
    ),
    handoverHoursPartTime: inferred(hours(333), '410 h scaled by 130 / 160.33 for part-time insured'),
    jobcenterConversationsAt: param<readonly Duration[]>(
      [months(4), months(5), months(6)],
      'F:S14; I',
      'the jobcenter holds 3 conversations in months 3–6, spread evenly [I]',
    ),
    period: param(months(6), 'F:S14', 'the first 6 months of cumulative unemployment'),
    postponement: inferred(days(14), 'the R2015 2-week slack, never past the hand-over or the period end'),
    /** The a-kasse joins a conversation at the latest at 16 months: LAB 2024 § 32 kept R2020's rule. */
    jointAtLatest: R2020_PARAMETERS.unemploymentBenefit.jointAtLatest,
  },

  /** Groups other than dagpenge: unchanged from R2020 [I: no 2024 change read]. */
  otherGroups: R2020_PARAMETERS,

  firstActivation: R2020_PARAMETERS.firstActivation,

  selfBooking: selfBookingTable(selfBookingRule([], null, 'I', 'voluntary booking only'), {
    ...R2020_PARAMETERS.selfBooking,
    UNEMPLOYMENT_BENEFIT: selfBookingRule(
      [7, 17],
      null,
      'F:S23; I',
      'jobcenter conversations of months 3–6; the a-kasse books its own',
    ),
  }),
} as const;

export type R2024Parameters = typeof R2024_PARAMETERS;
