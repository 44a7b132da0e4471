/**
 * Shared domain vocabulary carried by events (names from docs/domain/glossary.md).
 * Services import these from `@selvbook/contracts` so one concept has one name end to end.
 * String enums use their member name as the wire value; DFDG and absence codes stay numeric.
 */

/** Rule regime, picked by the date being evaluated (RULES §0). */
export enum Regime {
  R2015 = 'R2015',
  R2020 = 'R2020',
  R2024 = 'R2024',
}

/** Samtaletype: DFDG conversation type ids (RULES §2). */
export enum ConversationType {
  /** opfølgningssamtale (sygedagpenge) */
  FOLLOW_UP_CONVERSATION = 4,
  /** jobsamtale */
  JOB_CONVERSATION = 7,
  REFERRAL = 8,
  INFORMATION_MEETING = 9,
  /** CV-samtale (a-kasse) */
  CV_CONVERSATION = 10,
  PLACEMENT_CONVERSATION = 11,
  OTHER = 12,
  INFORMATION_MEETING_NO_DUTY = 13,
  /** rådighedssamtale (a-kasse) */
  AVAILABILITY_CONVERSATION = 15,
  /** fælles jobsamtale: jobcenter + a-kasse together */
  JOINT_CONVERSATION = 17,
}

/** Kontaktgruppe: drives the rules; effective-dated on the citizen (RULES §2, R2020 groups). */
export enum ContactGroup {
  /** 1 dagpengemodtagere (insured unemployed) */
  UNEMPLOYMENT_BENEFIT = 'UNEMPLOYMENT_BENEFIT',
  /** 2 jobparate kontanthjælpsmodtagere */
  SOCIAL_ASSISTANCE_JOB_READY = 'SOCIAL_ASSISTANCE_JOB_READY',
  /** 3 aktivitetsparate kontanthjælpsmodtagere */
  SOCIAL_ASSISTANCE_ACTIVITY_READY = 'SOCIAL_ASSISTANCE_ACTIVITY_READY',
  /** 4 uddannelsesparate (under 30) */
  EDUCATION_READY = 'EDUCATION_READY',
  /** 5 aktivitetsparate uddannelseshjælpsmodtagere */
  EDUCATION_ASSISTANCE_ACTIVITY_READY = 'EDUCATION_ASSISTANCE_ACTIVITY_READY',
  /** 6 sygedagpengemodtagere */
  SICKNESS_BENEFIT = 'SICKNESS_BENEFIT',
  /** 7 jobafklaringsforløb */
  JOB_CLARIFICATION_COURSE = 'JOB_CLARIFICATION_COURSE',
  /** 8 ressourceforløb */
  RESOURCE_COURSE = 'RESOURCE_COURSE',
  /** 9 ledighedsydelse (visited for flex job) */
  FLEX_JOB_BENEFIT = 'FLEX_JOB_BENEFIT',
  /** 10 revalidering */
  REHABILITATION = 'REHABILITATION',
  /** 11 others (pension, self-supporting, under 18): voluntary booking only */
  OTHER = 'OTHER',
}

/** Målgruppe (LAB § 6) number of each contact group, as numbered in RULES §2. */
export const TARGET_GROUP: Readonly<Record<ContactGroup, number>> = {
  [ContactGroup.UNEMPLOYMENT_BENEFIT]: 1,
  [ContactGroup.SOCIAL_ASSISTANCE_JOB_READY]: 2,
  [ContactGroup.SOCIAL_ASSISTANCE_ACTIVITY_READY]: 3,
  [ContactGroup.EDUCATION_READY]: 4,
  [ContactGroup.EDUCATION_ASSISTANCE_ACTIVITY_READY]: 5,
  [ContactGroup.SICKNESS_BENEFIT]: 6,
  [ContactGroup.JOB_CLARIFICATION_COURSE]: 7,
  [ContactGroup.RESOURCE_COURSE]: 8,
  [ContactGroup.FLEX_JOB_BENEFIT]: 9,
  [ContactGroup.REHABILITATION]: 10,
  [ContactGroup.OTHER]: 11,
};

/** Mødeform. */
export enum MeetingFormat {
  IN_PERSON = 'IN_PERSON',
  PHONE = 'PHONE',
  VIDEO = 'VIDEO',
}

/** Language of messages to the citizen (ISO 639-1). */
export enum Language {
  DA = 'da',
  EN = 'en',
}

/** Who holds a conversation; a no-show at an other actor (anden aktør) counts as one at the jobcenter. */
export enum ConversationHolder {
  JOBCENTER = 'JOBCENTER',
  AKASSE = 'AKASSE',
  /** jobcenter and a-kasse together (fælles samtale, type 17) */
  JOINT = 'JOINT',
  OTHER_ACTOR = 'OTHER_ACTOR',
}

/** Status of one conversation in a calculated schedule (RULES §6: due / held / overdue). */
export enum ConversationStatus {
  /** its window has not opened yet */
  UPCOMING = 'UPCOMING',
  DUE = 'DUE',
  HELD = 'HELD',
  OVERDUE = 'OVERDUE',
  /** duty paused: exemption, sickness or less intensive effort (RULES §4 step 6) */
  SUSPENDED = 'SUSPENDED',
}

/** Role of whoever acted (booked, cancelled, registered attendance). */
export enum ActorRole {
  CITIZEN = 'CITIZEN',
  /** sagsbehandler at the jobcenter */
  CASEWORKER = 'CASEWORKER',
  AKASSE_CASEWORKER = 'AKASSE_CASEWORKER',
  OTHER_ACTOR = 'OTHER_ACTOR',
  /** the planner system or Selvbook itself */
  SYSTEM = 'SYSTEM',
}

/** Absence codes that close open deadlines (RULES §5, FristService). */
export enum AbsenceCode {
  /** fritaget for selvbooking */
  EXEMPT_FROM_SELF_BOOKING = 56,
  /** fratagelse: right to self-book withdrawn */
  SELF_BOOKING_WITHDRAWN = 57,
  /** the course is at the a-kasse */
  COURSE_AT_AKASSE = 75,
}

/** Why the duty to self-book (or to hold conversations) is paused. */
export enum ExemptionKind {
  /** fritagelse (BEK § 45): the jobcenter summons instead */
  EXEMPTION = 'EXEMPTION',
  /** fratagelse (LAB § 35) */
  WITHDRAWAL = 'WITHDRAWAL',
  /** mindre intensiv indsats (LAB § 106) */
  LESS_INTENSIVE_EFFORT = 'LESS_INTENSIVE_EFFORT',
  /** dagpenge recipient sick for the first 14 days */
  SICKNESS = 'SICKNESS',
  /** R2024: the a-kasse runs months 0–3 */
  COURSE_AT_AKASSE = 'COURSE_AT_AKASSE',
}

/** The absence code a caseworker registers for each kind, where one exists. */
export const ABSENCE_CODE_BY_EXEMPTION_KIND: Readonly<Partial<Record<ExemptionKind, AbsenceCode>>> = {
  [ExemptionKind.EXEMPTION]: AbsenceCode.EXEMPT_FROM_SELF_BOOKING,
  [ExemptionKind.WITHDRAWAL]: AbsenceCode.SELF_BOOKING_WITHDRAWN,
  [ExemptionKind.COURSE_AT_AKASSE]: AbsenceCode.COURSE_AT_AKASSE,
};

/** Legal consequence of a missed deadline, by contact group (RULES §5 "Missed deadline, by group"). */
export enum MissedDeadlineConsequence {
  /** dagpenge: deregistered as jobseeker from the day after the deadline */
  DEREGISTRATION = 'DEREGISTRATION',
  /** jobparat kontanthjælp / uddannelsesparat: deduction */
  DEDUCTION = 'DEDUCTION',
  /** aktivitetsparat kontanthjælp: rådighedsvurdering */
  AVAILABILITY_ASSESSMENT = 'AVAILABILITY_ASSESSMENT',
  /** sygedagpenge: possible sanction (SDP § 21) */
  SANCTION_ASSESSMENT = 'SANCTION_ASSESSMENT',
}

/** Afmelding: why a citizen stopped being registered as a jobseeker. */
export enum DeregistrationReason {
  EMPLOYMENT = 'EMPLOYMENT',
  EDUCATION = 'EDUCATION',
  SELF_BOOKING_DEADLINE_MISSED = 'SELF_BOOKING_DEADLINE_MISSED',
  BENEFIT_ENDED = 'BENEFIT_ENDED',
  OTHER = 'OTHER',
}

export enum DeadlineClosedReason {
  /** the booked meeting's date is reached (fulfilled → closed) */
  MEETING_DATE_REACHED = 'MEETING_DATE_REACHED',
  /** absence 56, 57 or 75 registered */
  ABSENCE_REGISTERED = 'ABSENCE_REGISTERED',
  CITIZEN_DEREGISTERED = 'CITIZEN_DEREGISTERED',
  /** a recalculation no longer needs this deadline */
  SCHEDULE_CHANGED = 'SCHEDULE_CHANGED',
  /** the conversation was held without a booking (e.g. summoned) */
  CONVERSATION_HELD = 'CONVERSATION_HELD',
  /**
   * no free slot for the conversation while the deadline was open:
   * no sanction; summons.requested NO_FREE_SLOTS follows [F:S6]
   */
  NO_FREE_SLOTS = 'NO_FREE_SLOTS',
}

export enum DeadlineReopenedReason {
  /** the booking that fulfilled the deadline was cancelled before the meeting */
  BOOKING_CANCELLED = 'BOOKING_CANCELLED',
}

export enum ImmediateBookingClearedReason {
  BOOKED = 'BOOKED',
  /** three months without re-registration (RULES §5, edge case 22) */
  LAPSED = 'LAPSED',
}

/** Why the jobcenter must summon (indkalde) instead of the citizen self-booking. */
export enum SummonsReason {
  EXEMPT_FROM_SELF_BOOKING = 'EXEMPT_FROM_SELF_BOOKING',
  SELF_BOOKING_WITHDRAWN = 'SELF_BOOKING_WITHDRAWN',
  /** no free slot before the deadline: the citizen cannot be sanctioned (RULES §5) */
  NO_FREE_SLOTS = 'NO_FREE_SLOTS',
  NO_DIGITAL_CONTACT = 'NO_DIGITAL_CONTACT',
  /**
   * the conversation's window closes sooner than the shortest self-booking deadline (8 days), e.g. the first
   * kontanthjælp conversation within a week of the request (RULES §3, §5)
   */
  WINDOW_SHORTER_THAN_MINIMUM_DEADLINE = 'WINDOW_SHORTER_THAN_MINIMUM_DEADLINE',
}

export enum CancellationReason {
  /** afbud from the citizen */
  CITIZEN_CANCELLED = 'CITIZEN_CANCELLED',
  /** first half of a rebooking (cancel + create, linked by ids) */
  REBOOKED = 'REBOOKED',
  CANCELLED_BY_AUTHORITY = 'CANCELLED_BY_AUTHORITY',
  CITIZEN_DEREGISTERED = 'CITIZEN_DEREGISTERED',
  /** exemption or withdrawal: the jobcenter summons instead */
  SELF_BOOKING_ENDED = 'SELF_BOOKING_ENDED',
}

/** Reasons the law counts as legitimate for a dagpenge cancellation (RULES §5); the a-kasse assesses them. */
export enum LegitimateCancellationReason {
  WORK = 'WORK',
  JOB_INTERVIEW = 'JOB_INTERVIEW',
  ACTIVATION_OFFER = 'ACTIVATION_OFFER',
  OTHER_AUTHORITY_MEETING = 'OTHER_AUTHORITY_MEETING',
  SICKNESS = 'SICKNESS',
}

export enum SlotStatus {
  AVAILABLE = 'AVAILABLE',
  FULLY_BOOKED = 'FULLY_BOOKED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum NotificationKind {
  DEADLINE_GIVEN = 'DEADLINE_GIVEN',
  DEADLINE_REMINDER = 'DEADLINE_REMINDER',
  /** with a calendar file */
  BOOKING_RECEIPT = 'BOOKING_RECEIPT',
  MEETING_REMINDER = 'MEETING_REMINDER',
  DEADLINE_MISSED = 'DEADLINE_MISSED',
  BOOKING_CANCELLED = 'BOOKING_CANCELLED',
}

export enum NotificationChannel {
  DIGITAL_POST = 'DIGITAL_POST',
  EMAIL = 'EMAIL',
  SMS = 'SMS',
}

/** Enums by name: decorators look names up here so the AsyncAPI document can reference them. */
export const NAMED_ENUMS = {
  Regime,
  ConversationType,
  ContactGroup,
  MeetingFormat,
  Language,
  ConversationHolder,
  ConversationStatus,
  ActorRole,
  AbsenceCode,
  ExemptionKind,
  MissedDeadlineConsequence,
  DeregistrationReason,
  DeadlineClosedReason,
  DeadlineReopenedReason,
  ImmediateBookingClearedReason,
  SummonsReason,
  CancellationReason,
  LegitimateCancellationReason,
  SlotStatus,
  NotificationKind,
  NotificationChannel,
} as const;

/** Wire values of a TypeScript enum (numeric enums carry reverse mappings, which are dropped). */
export function enumValues<E extends Record<string, string | number>>(e: E): Array<E[keyof E]> {
  return Object.entries(e)
    .filter(([key]) => !/^[0-9]+$/.test(key))
    .map(([, value]) => value) as Array<E[keyof E]>;
}
