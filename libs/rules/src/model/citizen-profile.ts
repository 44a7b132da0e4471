/** Input of the rules engine: what is known about one citizen. Dates are ISO `YYYY-MM-DD`. */
import type { LocalDate } from '@selvbook/calendar';
import type { ContactGroup } from './contact-group';
import type { ConversationTypeId } from './conversation-type';

/** Effective-dated contact group: in force from `from` until the next entry [F:S27]. */
export interface ContactGroupPeriod {
  readonly group: ContactGroup;
  readonly from: LocalDate;
}

export interface CourseAnchors {
  /** First day of the dagpenge period, reported by the a-kasse [F:S4]; starts the cumulative clock. */
  readonly firstUnemploymentBenefitDay?: LocalDate;
  /** First request for help (kontanthjælp / uddannelseshjælp) [F:S16 §31 stk. 5]. */
  readonly firstRequestForHelp?: LocalDate;
  /** First day of absence (sygedagpenge) [F:S20]. */
  readonly firstDayOfAbsence?: LocalDate;
}

/** Dagpenge hours paid for a calendar month, reported by the a-kasse [F:S4,S21 §79]. */
export interface PaidHoursReport {
  /** `YYYY-MM` */
  readonly month: string;
  readonly hours: number;
}

export interface HeldConversation {
  readonly type: ConversationTypeId;
  readonly heldAt: LocalDate;
  /** The contact group the citizen was in when it was held (informational, validated). */
  readonly group?: ContactGroup;
}

export const EXEMPTION_KINDS = [
  /** fritagelse for selvbooking (BEK § 45): the jobcenter summons instead [F:S17] */
  'EXEMPTION',
  /** fratagelse (LAB § 35): the jobcenter summons instead [F:S17 §46] */
  'WITHDRAWAL',
  /** mindre intensiv indsats (LAB § 106): no duty to hold conversations [F:S16 §106,S46] */
  'LESS_INTENSIVE_EFFORT',
  /** sickness: the duty pauses (dagpenge: the first 14 days) [F:S8 §20 stk. 4] */
  'SICKNESS',
  /** absence 75, the course is at the a-kasse: no jobcenter booking deadlines [F:S23] */
  'COURSE_AT_AKASSE',
] as const;

export type ExemptionKind = (typeof EXEMPTION_KINDS)[number];

export interface Exemption {
  readonly kind: ExemptionKind;
  readonly from: LocalDate;
  /** Last day, inclusive; open-ended if absent. */
  readonly to?: LocalDate;
}

export interface CitizenProfile {
  readonly citizenId: string;
  readonly birthDate: LocalDate;
  readonly jobcenterCode: string;
  readonly akasseId?: string;
  /** Ascending by `from`; benefit changes are read from it. */
  readonly contactGroupHistory: readonly ContactGroupPeriod[];
  readonly anchors?: CourseAnchors;
  /** Part-time insured: a month of the dagpenge clock is 130 hours instead of 160.33 [F:S42]. */
  readonly insuredPartTime?: boolean;
  readonly paidHours?: readonly PaidHoursReport[];
  readonly heldConversations?: readonly HeldConversation[];
  readonly exemptions?: readonly Exemption[];
}
