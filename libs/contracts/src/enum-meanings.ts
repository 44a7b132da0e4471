/**
 * What every enum value on the wire means, in words an integrator can act on (RULES.md, GLOSSARY.md). The
 * AsyncAPI document prints these beside each enum. The type makes the list complete: a new enum member or a
 * new enum in NAMED_ENUMS does not compile until it is explained here.
 */
import { NAMED_ENUMS } from './domain-types';

type Meanings = {
  [E in keyof typeof NAMED_ENUMS]: { about: string; values: { [M in keyof (typeof NAMED_ENUMS)[E]]: string } };
};

export const ENUM_MEANINGS: Meanings = {
  Regime: {
    about: 'The rule regime in force on the date being evaluated (each law change applies from its own date).',
    values: {
      R2015: 'rules from 2015 (kontaktforløb before the 2019 reform)',
      R2020: 'rules from 2020 (LAB lov 548/2019): the common contact course by contact group',
      R2024: 'rules from 2024: the a-kasse runs the first three months for dagpenge recipients',
    },
  },
  ConversationType: {
    about: 'Samtaletype: the DFDG conversation type id. Deadlines exist for types 7, 17 and 4.',
    values: {
      FOLLOW_UP_CONVERSATION: 'opfølgningssamtale: the sickness-benefit follow-up with the municipality',
      JOB_CONVERSATION: 'jobsamtale: individual job conversation at the jobcenter',
      REFERRAL: 'henvisning: referral',
      INFORMATION_MEETING: 'informationsmøde: information meeting',
      CV_CONVERSATION: 'CV-samtale: held by the a-kasse',
      PLACEMENT_CONVERSATION: 'formidlingssamtale: placement conversation',
      OTHER: 'any other conversation',
      INFORMATION_MEETING_NO_DUTY: 'information meeting without a duty to attend',
      AVAILABILITY_CONVERSATION: 'rådighedssamtale: held by the a-kasse about the member’s availability for work',
      JOINT_CONVERSATION: 'fælles jobsamtale: jobcenter and a-kasse together with the citizen',
    },
  },
  ContactGroup: {
    about: 'Kontaktgruppe: the category that drives the rules (LAB § 6 target group in brackets); effective-dated.',
    values: {
      UNEMPLOYMENT_BENEFIT: '(1) dagpengemodtager: insured unemployed, member of an a-kasse',
      SOCIAL_ASSISTANCE_JOB_READY: '(2) jobparat kontanthjælpsmodtager',
      SOCIAL_ASSISTANCE_ACTIVITY_READY: '(3) aktivitetsparat kontanthjælpsmodtager',
      EDUCATION_READY: '(4) uddannelsesparat (under 30)',
      EDUCATION_ASSISTANCE_ACTIVITY_READY: '(5) aktivitetsparat uddannelseshjælpsmodtager',
      SICKNESS_BENEFIT: '(6) sygedagpengemodtager: no 8-day minimum on deadlines',
      JOB_CLARIFICATION_COURSE: '(7) jobafklaringsforløb',
      RESOURCE_COURSE: '(8) ressourceforløb',
      FLEX_JOB_BENEFIT: '(9) ledighedsydelse (visited for flex job): deadlines only if the jobcenter chooses',
      REHABILITATION: '(10) revalidering',
      OTHER: '(11) others (pension, self-supporting, under 18): voluntary booking only',
    },
  },
  MeetingFormat: {
    about: 'Mødeform: how the meeting is held.',
    values: {
      IN_PERSON: 'fremmøde: the citizen comes to the address of the meeting',
      PHONE: 'telefon: a phone meeting',
      VIDEO: 'video: a video meeting',
    },
  },
  Language: {
    about: 'Language of the messages sent to the citizen (ISO 639-1).',
    values: { DA: 'Danish', EN: 'English' },
  },
  ConversationHolder: {
    about: 'Who holds the conversation.',
    values: {
      JOBCENTER: 'the jobcenter',
      AKASSE: 'the a-kasse',
      JOINT: 'jobcenter and a-kasse together (fælles samtale, type 17)',
      OTHER_ACTOR:
        'anden aktør: a provider holding it for the jobcenter; a no-show there counts as one at the jobcenter',
    },
  },
  ConversationStatus: {
    about: 'Status of one conversation in a calculated schedule.',
    values: {
      UPCOMING: 'its window has not opened yet',
      DUE: 'its window is open and it has not been held yet',
      HELD: 'it was held (registered as held by jobcenter or a-kasse)',
      OVERDUE: 'its window closed without it being held: the conversation is late and must be held as soon as possible',
      SUSPENDED: 'the duty is paused (exemption, sickness or less intensive effort)',
    },
  },
  ActorRole: {
    about: 'Who acted: booked, cancelled or registered attendance.',
    values: {
      CITIZEN: 'the citizen themself (self-booking)',
      CASEWORKER: 'a caseworker (sagsbehandler) at the jobcenter',
      AKASSE_CASEWORKER: 'a caseworker at the a-kasse',
      OTHER_ACTOR: 'a caseworker at an other actor (anden aktør)',
      SYSTEM: 'the planner system or Selvbook itself',
    },
  },
  AbsenceCode: {
    about: 'Fraværskode registered by the jobcenter; each closes open deadlines, and the jobcenter summons instead.',
    values: {
      EXEMPT_FROM_SELF_BOOKING:
        '56: fritaget for selvbooking (BEK § 45): ' + 'booking is unreasonably hard for the citizen',
      SELF_BOOKING_WITHDRAWN: '57: fratagelse (LAB § 35): the right to self-book is withdrawn',
      COURSE_AT_AKASSE: '75: the contact course is at the a-kasse',
    },
  },
  ExemptionKind: {
    about: 'Why the duty to self-book (or to hold conversations) is paused.',
    values: {
      EXEMPTION: 'fritagelse (BEK § 45): the jobcenter summons instead',
      WITHDRAWAL: 'fratagelse (LAB § 35): the right to self-book is withdrawn; the jobcenter summons',
      LESS_INTENSIVE_EFFORT: 'mindre intensiv indsats (LAB § 106): no duty to hold conversations',
      SICKNESS: 'a dagpenge recipient sick in the first 14 days: no duty to book or attend',
      COURSE_AT_AKASSE: 'R2024: the a-kasse runs months 0–3',
    },
  },
  MissedDeadlineConsequence: {
    about:
      'The legal consequence of a missed self-booking deadline; it ' +
      'depends on the contact group. Who acts on it is named per value.',
    values: {
      DEREGISTRATION:
        'dagpenge: the citizen is deregistered as jobseeker from the day after the deadline and ' +
        'has no dagpenge until re-registration; the a-kasse assesses availability (rådighed)',
      DEDUCTION:
        'jobparat kontanthjælp / uddannelsesparat: the municipality deducts ' +
        'the benefit from the day the booking was due until the citizen books ' +
        'or restores contact (aktivloven § 37a); the due day is always deducted',
      AVAILABILITY_ASSESSMENT:
        'aktivitetsparat kontanthjælp / uddannelseshjælp: the municipality ' +
        'assesses the citizen’s availability for work (rådighedsvurdering)',
      SANCTION_ASSESSMENT:
        'sygedagpenge: a possible sanction (sygedagpengeloven § 21) that the ' +
        'municipality decides case by case; unlike DEDUCTION, not a deduction fixed by rule',
    },
  },
  DeregistrationReason: {
    about: 'Afmelding: why a citizen stopped being registered as a jobseeker.',
    values: {
      EMPLOYMENT: 'the citizen got work',
      EDUCATION: 'the citizen started an education',
      SELF_BOOKING_DEADLINE_MISSED:
        'the citizen missed a self-booking deadline (dagpenge): no dagpenge until re-registration',
      BENEFIT_ENDED: 'the benefit ended',
      OTHER: 'any other reason',
    },
  },
  DeadlineClosedReason: {
    about: 'Why a deadline was closed (no longer open and no consequence).',
    values: {
      MEETING_DATE_REACHED: 'the booked meeting’s date is reached (fulfilled, then closed)',
      ABSENCE_REGISTERED: 'absence 56, 57 or 75 was registered: the jobcenter summons instead',
      CITIZEN_DEREGISTERED: 'the citizen is no longer registered as a jobseeker',
      SCHEDULE_CHANGED: 'a recalculation no longer needs this deadline',
      CONVERSATION_HELD: 'the conversation was held without a booking (e.g. summoned)',
      NO_FREE_SLOTS:
        'no slot of its conversation was free while it was open: the jobcenter summons instead, no sanction',
    },
  },
  DeadlineReopenedReason: {
    about: 'Why a fulfilled deadline is open again.',
    values: {
      BOOKING_CANCELLED:
        'the booking that fulfilled it was cancelled before the meeting: the citizen must book again by the deadline',
    },
  },
  ImmediateBookingClearedReason: {
    about: 'Why immediate booking (straksbooking) is no longer required.',
    values: {
      BOOKED: 'the citizen booked a meeting',
      LAPSED: 'three months passed without re-registration',
    },
  },
  SummonsReason: {
    about: 'Why the jobcenter must summon (indkalde) instead of the citizen self-booking.',
    values: {
      EXEMPT_FROM_SELF_BOOKING: 'the citizen is exempt from self-booking (absence 56)',
      SELF_BOOKING_WITHDRAWN: 'the citizen’s right to self-book is withdrawn (absence 57)',
      NO_FREE_SLOTS: 'no free slot before the deadline: the citizen cannot be sanctioned for not booking',
      NO_DIGITAL_CONTACT: 'the citizen cannot be reached digitally (no Digital Post, e-mail or phone)',
      WINDOW_SHORTER_THAN_MINIMUM_DEADLINE:
        'the conversation is due sooner than the shortest lawful self-booking deadline (8 days) ' +
        'could run, e.g. the first kontanthjælp conversation within a week: the jobcenter arranges it',
    },
  },
  CancellationReason: {
    about: 'Why a booking was cancelled.',
    values: {
      CITIZEN_CANCELLED: 'afbud from the citizen',
      REBOOKED: 'the first half of a rebooking: a new booking replaces it',
      CANCELLED_BY_AUTHORITY: 'the jobcenter or a-kasse cancelled the meeting',
      CITIZEN_DEREGISTERED: 'the citizen is no longer registered as a jobseeker',
      SELF_BOOKING_ENDED: 'exemption or withdrawal: the jobcenter summons instead',
    },
  },
  LegitimateCancellationReason: {
    about:
      'A reason the law counts as legitimate for a dagpenge member’s afbud; ' +
      'the a-kasse assesses it. Without one the day counts against dagpenge.',
    values: {
      WORK: 'the member is working',
      JOB_INTERVIEW: 'a job interview',
      ACTIVATION_OFFER: 'an activation offer (tilbud)',
      OTHER_AUTHORITY_MEETING: 'another meeting with the jobcenter or the a-kasse',
      SICKNESS: 'the member is sick',
    },
  },
  SlotStatus: {
    about: 'Whether a slot can still be booked.',
    values: {
      AVAILABLE: 'at least one seat is free',
      FULLY_BOOKED: 'every seat is booked',
      WITHDRAWN: 'the jobcenter withdrew the slot',
    },
  },
  NotificationKind: {
    about: 'What a message to the citizen is about.',
    values: {
      DEADLINE_GIVEN: 'the citizen has a new deadline to book a meeting',
      DEADLINE_REMINDER: 'a reminder that the deadline is near',
      BOOKING_RECEIPT: 'a receipt for a booking or rebooking, with a calendar file',
      MEETING_REMINDER: 'a reminder of the meeting',
      DEADLINE_MISSED: 'the deadline passed without a booking, and what follows',
      BOOKING_CANCELLED: 'a booking was cancelled, with a calendar cancellation',
    },
  },
  NotificationChannel: {
    about: 'How a message reached the citizen.',
    values: { DIGITAL_POST: 'Digital Post (e-Boks / mit.dk)', EMAIL: 'e-mail', SMS: 'SMS' },
  },
};
