/**
 * Message templates, Danish (the default) and English: subject, plain text, HTML and a short SMS text each.
 * Placeholders are `{{field}}`; rendering refuses a field that is absent or empty (MissingTemplateFieldError),
 * so a template or a fact that went missing fails a test (templates.spec.ts renders every template in every
 * language), not the citizen: a broken message is never sent. Danish texts use the glossary's terms
 * (frist, fristdato, jobsamtale, afmelding, tilmelding, straksbooking, afbud, ombook).
 */
import { ConversationType, Language, MeetingFormat, MissedDeadlineConsequence } from '@selvbook/contracts';
import { akasseName, jobcenterName } from './organisations';

export type TemplateId =
  | 'deadline-given'
  | 'deadline-reminder'
  | 'booking-receipt'
  | 'booking-rebooked'
  | 'booking-cancelled'
  | 'meeting-reminder'
  | 'deadline-missed';

export const TEMPLATE_IDS: readonly TemplateId[] = [
  'deadline-given',
  'deadline-reminder',
  'booking-receipt',
  'booking-rebooked',
  'booking-cancelled',
  'meeting-reminder',
  'deadline-missed',
];

export interface Template {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

export class MissingTemplateFieldError extends Error {
  constructor(
    readonly templateId: string,
    readonly language: string,
    readonly field: string,
  ) {
    super(`template ${templateId} (${language}): field "${field}" is missing`);
    this.name = 'MissingTemplateFieldError';
  }
}

const html = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;line-height:1.5">${body}</body></html>`;

const DA: Record<TemplateId, Template> = {
  'deadline-given': {
    subject: 'Du skal booke din {{conversation}} senest {{deadlineDate}}',
    text:
      'Du har fået en frist til at booke en {{conversation}}.\n\n' +
      'Fristdato: {{deadlineDate}}. Samtalen skal holdes senest {{latestMeetingDate}}.\n\n' +
      'Book en tid på Jobnet: {{bookingUrl}}\n\n' +
      'Hvis du ikke booker inden fristen, kan det få betydning for din ydelse.\n\nVenlig hilsen\n{{signature}}',
    html: html(
      'Frist for booking',
      '<p>Du har fået en frist til at booke en <strong>{{conversation}}</strong>.</p>' +
        '<p>Fristdato: <strong>{{deadlineDate}}</strong>. Samtalen skal holdes senest {{latestMeetingDate}}.</p>' +
        '<p><a href="{{bookingUrl}}">Book en tid på Jobnet</a></p>' +
        '<p>Hvis du ikke booker inden fristen, kan det få betydning for din ydelse.</p>' +
        '<p>Venlig hilsen<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: Book din {{conversation}} senest {{deadlineDate}}: {{bookingUrl}}',
  },
  'deadline-reminder': {
    subject: 'Påmindelse: book din {{conversation}} senest {{deadlineDate}}',
    text:
      'Du har endnu ikke booket din {{conversation}}.\n\n' +
      'Fristen udløber {{deadlineDate}}. Book en tid på Jobnet: {{bookingUrl}}\n\n' +
      'Hvis du ikke booker inden fristen, kan det få betydning for din ydelse.\n\nVenlig hilsen\n{{signature}}',
    html: html(
      'Påmindelse om frist',
      '<p>Du har endnu ikke booket din <strong>{{conversation}}</strong>.</p>' +
        '<p>Fristen udløber <strong>{{deadlineDate}}</strong>. ' +
        '<a href="{{bookingUrl}}">Book en tid på Jobnet</a>.</p>' +
        '<p>Hvis du ikke booker inden fristen, kan det få betydning for din ydelse.</p>' +
        '<p>Venlig hilsen<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: Husk at booke din {{conversation}} senest {{deadlineDate}}: {{bookingUrl}}',
  },
  'booking-receipt': {
    subject: 'Kvittering: {{conversation}} {{meetingTime}}',
    text:
      'Du har booket en {{conversation}}.\n\n' +
      'Tidspunkt: {{meetingTime}}\nMødeform: {{format}}\n{{placeLabel}}: {{location}}\n\n' +
      'Mødet er vedhæftet som kalenderfil. {{rebooking}} Du kan melde ' +
      'afbud på Jobnet: {{bookingUrl}}\n\nVenlig hilsen\n{{signature}}',
    html: html(
      'Kvittering for booking',
      '<p>Du har booket en <strong>{{conversation}}</strong>.</p>' +
        '<table><tr><td>Tidspunkt</td><td><strong>{{meetingTime}}</strong></td></tr><tr><td>Mødeform</td>' +
        '<td>{{format}}</td></tr><tr><td>{{placeLabel}}</td><td>{{location}}</td></tr></table>' +
        '<p>Mødet er vedhæftet som kalenderfil. {{rebooking}} Du kan melde afbud ' +
        'på <a href="{{bookingUrl}}">Jobnet</a>.</p><p>Venlig hilsen<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: Du har booket en {{conversation}} {{meetingTime}}, {{placeShort}}.',
  },
  'booking-rebooked': {
    subject: 'Kvittering: din {{conversation}} er flyttet til {{meetingTime}}',
    text:
      'Din {{conversation}} er ombooket.\n\n' +
      'Nyt tidspunkt: {{meetingTime}}\nMødeform: {{format}}\n{{placeLabel}}: {{location}}\n\n' +
      'Den vedhæftede kalenderfil erstatter den tidligere. {{rebooking}} Se ' +
      'dine møder på Jobnet: {{bookingUrl}}\n\nVenlig hilsen\n{{signature}}',
    html: html(
      'Kvittering for ombooking',
      '<p>Din <strong>{{conversation}}</strong> er ombooket.</p>' +
        '<table><tr><td>Nyt tidspunkt</td><td><strong>{{meetingTime}}</strong></td></tr><tr><td>Mødeform</td>' +
        '<td>{{format}}</td></tr><tr><td>{{placeLabel}}</td><td>{{location}}</td></tr></table>' +
        '<p>Den vedhæftede kalenderfil erstatter den tidligere. {{rebooking}} Se dine møder ' +
        'på <a href="{{bookingUrl}}">Jobnet</a>.</p><p>Venlig hilsen<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: Din {{conversation}} er flyttet til {{meetingTime}}, {{placeShort}}.',
  },
  'booking-cancelled': {
    subject: 'Aflyst: {{conversation}} {{meetingTime}}',
    text:
      'Din {{conversation}} {{meetingTime}} er aflyst.\n\n' +
      'Har du en frist, skal du booke en ny tid inden fristen udløber. ' +
      'Se Jobnet: {{bookingUrl}}\n\nVenlig hilsen\n{{signature}}',
    html: html(
      'Samtale aflyst',
      '<p>Din <strong>{{conversation}}</strong> {{meetingTime}} er aflyst.</p>' +
        '<p>Har du en frist, skal du booke en ny tid inden fristen udløber. ' +
        'Se <a href="{{bookingUrl}}">Jobnet</a>.</p><p>Venlig hilsen<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: Din {{conversation}} {{meetingTime}} er aflyst.',
  },
  'meeting-reminder': {
    subject: 'Påmindelse: {{conversation}} {{meetingTime}}',
    text:
      'Husk din {{conversation}} {{meetingTime}}.\n\nMødeform: {{format}}\n{{placeLabel}}: {{location}}\n\n' +
      'Kan du ikke komme, skal du melde afbud eller ombooke på Jobnet: {{bookingUrl}}\n\nVenlig hilsen\n{{signature}}',
    html: html(
      'Påmindelse om samtale',
      '<p>Husk din <strong>{{conversation}}</strong> {{meetingTime}}.</p>' +
        '<table><tr><td>Mødeform</td><td>{{format}}</td></tr><tr>' +
        '<td>{{placeLabel}}</td><td>{{location}}</td></tr></table>' +
        '<p>Kan du ikke komme, skal du melde afbud eller ombooke på <a href="{{bookingUrl}}">Jobnet</a>.</p>' +
        '<p>Venlig hilsen<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: Husk din {{conversation}} {{meetingTime}}, {{placeShort}}.',
  },
  'deadline-missed': {
    subject: 'Du har overskredet fristen for at booke din {{conversation}}',
    text:
      'Du bookede ikke din {{conversation}} inden fristen {{deadlineDate}}.\n\n' +
      'Hvad betyder det? {{consequence}}\n\n' +
      'Hvad skal du gøre? {{whatToDo}}\n\nJobnet: {{bookingUrl}}\n\nVenlig hilsen\n{{signature}}',
    html: html(
      'Fristen er overskredet',
      '<p>Du bookede ikke din <strong>{{conversation}}</strong> inden fristen {{deadlineDate}}.</p>' +
        '<h3>Hvad betyder det?</h3><p>{{consequence}}</p><h3>Hvad skal du gøre?</h3><p>{{whatToDo}}</p>' +
        '<p><a href="{{bookingUrl}}">Gå til Jobnet</a></p><p>Venlig hilsen<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: Fristen for din {{conversation}} er overskredet. {{whatToDo}}',
  },
};

const EN: Record<TemplateId, Template> = {
  'deadline-given': {
    subject: 'Book your {{conversation}} by {{deadlineDate}}',
    text:
      'You have been given a deadline to book a {{conversation}}.\n\n' +
      'Deadline: {{deadlineDate}}. The meeting must take place by {{latestMeetingDate}}.\n\n' +
      'Book a time on Jobnet: {{bookingUrl}}\n\n' +
      'If you do not book before the deadline, it may affect your benefit.\n\nKind regards\n{{signature}}',
    html: html(
      'Booking deadline',
      '<p>You have been given a deadline to book a <strong>{{conversation}}</strong>.</p>' +
        '<p>Deadline: <strong>{{deadlineDate}}</strong>. The meeting must take place by {{latestMeetingDate}}.</p>' +
        '<p><a href="{{bookingUrl}}">Book a time on Jobnet</a></p>' +
        '<p>If you do not book before the deadline, it may affect your benefit.</p>' +
        '<p>Kind regards<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: Book your {{conversation}} by {{deadlineDate}}: {{bookingUrl}}',
  },
  'deadline-reminder': {
    subject: 'Reminder: book your {{conversation}} by {{deadlineDate}}',
    text:
      'You have not yet booked your {{conversation}}.\n\n' +
      'The deadline is {{deadlineDate}}. Book a time on Jobnet: {{bookingUrl}}\n\n' +
      'If you do not book before the deadline, it may affect your benefit.\n\nKind regards\n{{signature}}',
    html: html(
      'Deadline reminder',
      '<p>You have not yet booked your <strong>{{conversation}}</strong>.</p>' +
        '<p>The deadline is <strong>{{deadlineDate}}</strong>. ' +
        '<a href="{{bookingUrl}}">Book a time on Jobnet</a>.</p>' +
        '<p>If you do not book before the deadline, it may affect your benefit.</p>' +
        '<p>Kind regards<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: Remember to book your {{conversation}} by {{deadlineDate}}: {{bookingUrl}}',
  },
  'booking-receipt': {
    subject: 'Receipt: {{conversation}} {{meetingTime}}',
    text:
      'You have booked a {{conversation}}.\n\n' +
      'Time: {{meetingTime}}\nFormat: {{format}}\n{{placeLabel}}: {{location}}\n\n' +
      'The meeting is attached as a calendar file. {{rebooking}} You can ' +
      'cancel on Jobnet: {{bookingUrl}}\n\nKind regards\n{{signature}}',
    html: html(
      'Booking receipt',
      '<p>You have booked a <strong>{{conversation}}</strong>.</p>' +
        '<table><tr><td>Time</td><td><strong>{{meetingTime}}</strong></td></tr><tr><td>Format</td>' +
        '<td>{{format}}</td></tr><tr><td>{{placeLabel}}</td><td>{{location}}</td></tr></table>' +
        '<p>The meeting is attached as a calendar file. {{rebooking}} You can cancel ' +
        'on <a href="{{bookingUrl}}">Jobnet</a>.</p><p>Kind regards<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: You have booked a {{conversation}} {{meetingTime}}, {{placeShort}}.',
  },
  'booking-rebooked': {
    subject: 'Receipt: your {{conversation}} has moved to {{meetingTime}}',
    text:
      'Your {{conversation}} has been rebooked.\n\n' +
      'New time: {{meetingTime}}\nFormat: {{format}}\n{{placeLabel}}: {{location}}\n\n' +
      'The attached calendar file replaces the earlier one. {{rebooking}} See ' +
      'your meetings on Jobnet: {{bookingUrl}}\n\nKind regards\n{{signature}}',
    html: html(
      'Rebooking receipt',
      '<p>Your <strong>{{conversation}}</strong> has been rebooked.</p>' +
        '<table><tr><td>New time</td><td><strong>{{meetingTime}}</strong></td></tr><tr><td>Format</td>' +
        '<td>{{format}}</td></tr><tr><td>{{placeLabel}}</td><td>{{location}}</td></tr></table>' +
        '<p>The attached calendar file replaces the earlier one. {{rebooking}} See your ' +
        'meetings on <a href="{{bookingUrl}}">Jobnet</a>.</p><p>Kind regards<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: Your {{conversation}} has moved to {{meetingTime}}, {{placeShort}}.',
  },
  'booking-cancelled': {
    subject: 'Cancelled: {{conversation}} {{meetingTime}}',
    text:
      'Your {{conversation}} {{meetingTime}} has been cancelled.\n\n' +
      'If you have a deadline, book a new time before it runs out. ' +
      'See Jobnet: {{bookingUrl}}\n\nKind regards\n{{signature}}',
    html: html(
      'Meeting cancelled',
      '<p>Your <strong>{{conversation}}</strong> {{meetingTime}} has been cancelled.</p>' +
        '<p>If you have a deadline, book a new time before it runs out. ' +
        'See <a href="{{bookingUrl}}">Jobnet</a>.</p><p>Kind regards<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: Your {{conversation}} {{meetingTime}} has been cancelled.',
  },
  'meeting-reminder': {
    subject: 'Reminder: {{conversation}} {{meetingTime}}',
    text:
      'Remember your {{conversation}} {{meetingTime}}.\n\nFormat: {{format}}\n{{placeLabel}}: {{location}}\n\n' +
      'If you cannot come, cancel or rebook on Jobnet: {{bookingUrl}}\n\nKind regards\n{{signature}}',
    html: html(
      'Meeting reminder',
      '<p>Remember your <strong>{{conversation}}</strong> {{meetingTime}}.</p>' +
        '<table><tr><td>Format</td><td>{{format}}</td></tr><tr>' +
        '<td>{{placeLabel}}</td><td>{{location}}</td></tr></table>' +
        '<p>If you cannot come, cancel or rebook on <a href="{{bookingUrl}}">Jobnet</a>.</p>' +
        '<p>Kind regards<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: Remember your {{conversation}} {{meetingTime}}, {{placeShort}}.',
  },
  'deadline-missed': {
    subject: 'You missed the deadline to book your {{conversation}}',
    text:
      'You did not book your {{conversation}} by the deadline {{deadlineDate}}.\n\n' +
      'What does this mean? {{consequence}}\n\n' +
      'What should you do? {{whatToDo}}\n\nJobnet: {{bookingUrl}}\n\nKind regards\n{{signature}}',
    html: html(
      'Deadline missed',
      '<p>You did not book your <strong>{{conversation}}</strong> by the deadline {{deadlineDate}}.</p>' +
        '<h3>What does this mean?</h3><p>{{consequence}}</p><h3>What should you do?</h3><p>{{whatToDo}}</p>' +
        '<p><a href="{{bookingUrl}}">Go to Jobnet</a></p><p>Kind regards<br>{{signature}}</p>',
    ),
    sms: 'Jobnet: The deadline for your {{conversation}} has passed. {{whatToDo}}',
  },
};

export const TEMPLATES: Record<Language, Record<TemplateId, Template>> = { [Language.DA]: DA, [Language.EN]: EN };

const CONVERSATION: Record<Language, Partial<Record<ConversationType, string>>> = {
  [Language.DA]: {
    [ConversationType.FOLLOW_UP_CONVERSATION]: 'opfølgningssamtale',
    [ConversationType.JOB_CONVERSATION]: 'jobsamtale',
    [ConversationType.REFERRAL]: 'henvisningssamtale',
    [ConversationType.INFORMATION_MEETING]: 'informationsmøde',
    [ConversationType.CV_CONVERSATION]: 'CV-samtale',
    [ConversationType.PLACEMENT_CONVERSATION]: 'formidlingssamtale',
    [ConversationType.OTHER]: 'samtale',
    [ConversationType.INFORMATION_MEETING_NO_DUTY]: 'informationsmøde',
    [ConversationType.AVAILABILITY_CONVERSATION]: 'rådighedssamtale',
    [ConversationType.JOINT_CONVERSATION]: 'fælles jobsamtale',
  },
  [Language.EN]: {
    [ConversationType.FOLLOW_UP_CONVERSATION]: 'follow-up conversation',
    [ConversationType.JOB_CONVERSATION]: 'job conversation',
    [ConversationType.REFERRAL]: 'referral conversation',
    [ConversationType.INFORMATION_MEETING]: 'information meeting',
    [ConversationType.CV_CONVERSATION]: 'CV conversation',
    [ConversationType.PLACEMENT_CONVERSATION]: 'placement conversation',
    [ConversationType.OTHER]: 'conversation',
    [ConversationType.INFORMATION_MEETING_NO_DUTY]: 'information meeting',
    [ConversationType.AVAILABILITY_CONVERSATION]: 'availability conversation',
    [ConversationType.JOINT_CONVERSATION]: 'joint job conversation',
  },
};

const FORMAT: Record<Language, Record<MeetingFormat, string>> = {
  [Language.DA]: {
    [MeetingFormat.IN_PERSON]: 'fremmøde',
    [MeetingFormat.PHONE]: 'telefon',
    [MeetingFormat.VIDEO]: 'video',
  },
  [Language.EN]: {
    [MeetingFormat.IN_PERSON]: 'in person',
    [MeetingFormat.PHONE]: 'phone',
    [MeetingFormat.VIDEO]: 'video',
  },
};

/** RULES §5 "Missed deadline, by group": what it means, in the citizen's language. */
const CONSEQUENCE: Record<Language, Record<MissedDeadlineConsequence, string>> = {
  [Language.DA]: {
    [MissedDeadlineConsequence.DEREGISTRATION]:
      'Du er afmeldt som jobsøgende fra {{deregisteredFrom}}. Du kan ' +
      'ikke få dagpenge, fra du er afmeldt, til du er tilmeldt igen.',
    [MissedDeadlineConsequence.DEDUCTION]:
      'Der kan blive trukket i din ydelse fra den dag, samtalen skulle ' +
      'have været booket, indtil du booker eller kontakter jobcentret.',
    [MissedDeadlineConsequence.AVAILABILITY_ASSESSMENT]:
      'Jobcentret vil vurdere, om du står til rådighed, og det kan få betydning for din ydelse.',
    [MissedDeadlineConsequence.SANCTION_ASSESSMENT]:
      'Jobcentret vil vurdere, om du kan miste retten til sygedagpenge i en periode.',
  },
  [Language.EN]: {
    [MissedDeadlineConsequence.DEREGISTRATION]:
      'You are deregistered as a jobseeker from {{deregisteredFrom}}. You ' +
      'cannot receive unemployment benefit from then until you register again.',
    [MissedDeadlineConsequence.DEDUCTION]:
      'Your benefit may be reduced from the day the meeting should ' +
      'have been booked until you book or contact the jobcentre.',
    [MissedDeadlineConsequence.AVAILABILITY_ASSESSMENT]:
      'The jobcentre will assess whether you are available for work, which may affect your benefit.',
    [MissedDeadlineConsequence.SANCTION_ASSESSMENT]:
      'The jobcentre will assess whether you lose your sickness benefit for a period.',
  },
};

const WHAT_TO_DO: Record<Language, Record<'reregister' | 'book', string>> = {
  [Language.DA]: {
    reregister:
      'Tilmeld dig igen som jobsøgende på Jobnet med det samme, og book en ny samtale med det samme (straksbooking).',
    book: 'Book en samtale på Jobnet med det samme, eller kontakt jobcentret.',
  },
  [Language.EN]: {
    reregister:
      'Register again as a jobseeker on Jobnet at once, and book a new meeting straight away (immediate booking).',
    book: 'Book a meeting on Jobnet at once, or contact the jobcentre.',
  },
};

/** Facts stored with a notification; the template fields are derived from them in the citizen's language. */
export interface NotificationFacts {
  conversationType?: number;
  deadlineDate?: string;
  latestMeetingDate?: string;
  startsAt?: string;
  endsAt?: string;
  location?: string;
  format?: string;
  /** the citizen's a-kasse: it signs its own meetings (CV, availability) and a joint one with the jobcenter */
  akasseId?: string;
  consequence?: string;
  deregisteredFrom?: string;
  /** the meeting's rebooking rights [F:S21 §20 nr. 11–12]; absent for meetings booked before they were stated */
  rebookingAllowed?: boolean;
  rebookableUntil?: string;
}

/** What a receipt says about rebooking the meeting [F:S21 §20 nr. 11–12]. */
function rebookingText(facts: NotificationFacts, language: Language): string {
  const until = formatMeetingTime(facts.rebookableUntil, language);
  if (facts.rebookingAllowed === false)
    return language === Language.DA ? 'Mødet kan ikke ombookes.' : 'This meeting cannot be rebooked.';
  if (facts.rebookingAllowed && until)
    return language === Language.DA
      ? `Du kan ombooke mødet på Jobnet indtil ${until}.`
      : `You can rebook the meeting on Jobnet until ${until}.`;
  return language === Language.DA ? 'Du kan ombooke mødet på Jobnet.' : 'You can rebook the meeting on Jobnet.';
}

/** The same date or time format in each language. */
function formatsOf(options: Intl.DateTimeFormatOptions): Record<Language, Intl.DateTimeFormat> {
  return {
    [Language.DA]: new Intl.DateTimeFormat('da-DK', options),
    [Language.EN]: new Intl.DateTimeFormat('en-GB', options),
  };
}

const DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
const longDate = formatsOf({ timeZone: 'UTC', ...DAY });
const meetingDay = formatsOf({ timeZone: 'Europe/Copenhagen', ...DAY });
const meetingClock = formatsOf({ timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' });

/** A local date (YYYY-MM-DD) as "torsdag den 2. april 2026" / "Thursday, 2 April 2026". */
export function formatLocalDate(date: string | undefined, language: Language): string | undefined {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  return longDate[language].format(new Date(`${date}T00:00:00Z`));
}

/**
 * An instant as Copenhagen wall-clock time: "torsdag den 2. april 2026 kl. 10.00" / "Thursday, 2 April 2026 at 10:00".
 */
export function formatMeetingTime(instant: string | undefined, language: Language): string | undefined {
  if (!instant) return undefined;
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return undefined;
  return (
    `${meetingDay[language].format(at)} ${language === Language.DA ? 'kl.' : 'at'} ` +
    `${meetingClock[language].format(at)}`
  );
}

/** Conversations the a-kasse holds itself [F:S8]; the joint one both hold. */
const AKASSE_HELD = new Set<number>([ConversationType.CV_CONVERSATION, ConversationType.AVAILABILITY_CONVERSATION]);

/** Who signs: the organisation holding the meeting (or giving the deadline), by name where the deployment knows it. */
export function signatureOf(
  facts: NotificationFacts,
  jobcenterCode: string | null | undefined,
  language: Language,
): string {
  const jobcenter = jobcenterName(jobcenterCode) ?? (language === Language.DA ? 'Jobcentret' : 'The jobcentre');
  const akasse = akasseName(facts.akasseId) ?? (language === Language.DA ? 'A-kassen' : 'Your a-kasse');
  if (facts.conversationType !== undefined && AKASSE_HELD.has(facts.conversationType) && facts.akasseId) return akasse;
  if (facts.conversationType === ConversationType.JOINT_CONVERSATION && facts.akasseId)
    return `${jobcenter} ${language === Language.DA ? 'og' : 'and'} ${akasse}`;
  return jobcenter;
}

/** A video meeting's link, where the slot's location is one (an https URL); else the link comes separately. */
function videoLink(location: string | undefined): string | undefined {
  return location && /^https:\/\/\S+$/.test(location.trim()) ? location.trim() : undefined;
}

/**
 * Where the meeting is, by its format: in person the address; by phone that the organisation calls the
 * citizen; by video the link (the slot's location when it is one), or that the link comes before the meeting.
 * A meeting recorded without a format is taken as in person (it was the only format then).
 */
function placeOf(
  facts: NotificationFacts,
  language: Language,
  signature: string,
): { label: string; place: string | undefined; short: string | undefined } {
  const da = language === Language.DA;
  if (facts.format === MeetingFormat.PHONE) {
    return {
      label: da ? 'Telefon' : 'Phone',
      place: da
        ? `${signature} ringer til dig på det telefonnummer, du har oplyst på Jobnet`
        : `${signature} will call you on the phone number you gave on Jobnet`,
      short: da ? 'telefonmøde, vi ringer til dig' : 'phone meeting, we will call you',
    };
  }
  if (facts.format === MeetingFormat.VIDEO) {
    const link = videoLink(facts.location);
    return {
      label: da ? 'Videolink' : 'Video link',
      place:
        link ??
        (da
          ? `${signature} sender dig et link til videomødet inden mødet`
          : `${signature} will send you a link to the video meeting before it`),
      short: link ?? (da ? 'videomøde, link følger' : 'video meeting, link to follow'),
    };
  }
  return { label: da ? 'Sted' : 'Place', place: facts.location, short: facts.location };
}

/**
 * The template fields of a notification in a language, derived from its facts (absent facts stay absent);
 * `jobcenterCode` is the citizen's jobcenter the notification was recorded for (it signs).
 */
export function templateFields(
  facts: NotificationFacts,
  language: Language,
  bookingUrl: string,
  jobcenterCode?: string | null,
): Record<string, string | undefined> {
  const consequence = facts.consequence as MissedDeadlineConsequence | undefined;
  const deregisteredFrom = formatLocalDate(facts.deregisteredFrom, language);
  let consequenceText = consequence ? CONSEQUENCE[language][consequence] : undefined;
  if (consequenceText?.includes('{{deregisteredFrom}}')) {
    consequenceText = deregisteredFrom ? consequenceText.replace('{{deregisteredFrom}}', deregisteredFrom) : undefined;
  }
  const signature = signatureOf(facts, jobcenterCode, language);
  const place = placeOf(facts, language, signature);
  return {
    conversation:
      facts.conversationType !== undefined
        ? CONVERSATION[language][facts.conversationType as ConversationType]
        : undefined,
    deadlineDate: formatLocalDate(facts.deadlineDate, language),
    latestMeetingDate: formatLocalDate(facts.latestMeetingDate, language),
    meetingTime: formatMeetingTime(facts.startsAt, language),
    location: place.place,
    placeLabel: place.label,
    placeShort: place.short,
    signature,
    format: facts.format ? FORMAT[language][facts.format as MeetingFormat] : undefined,
    consequence: consequenceText,
    whatToDo: consequence
      ? WHAT_TO_DO[language][consequence === MissedDeadlineConsequence.DEREGISTRATION ? 'reregister' : 'book']
      : undefined,
    rebooking: rebookingText(facts, language),
    bookingUrl,
  };
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function fill(
  template: string,
  fields: Record<string, string | undefined>,
  escape: boolean,
  templateId: string,
  language: string,
): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = fields[name];
    if (value === undefined || value === null || value === '')
      throw new MissingTemplateFieldError(templateId, language, name);
    return escape ? escapeHtml(value) : value;
  });
}

/** Renders one template; throws MissingTemplateFieldError for any placeholder without a value. */
export function renderTemplate(
  templateId: TemplateId,
  language: Language,
  fields: Record<string, string | undefined>,
): RenderedMessage {
  const template = TEMPLATES[language]?.[templateId];
  if (!template) throw new Error(`no template ${templateId} in language ${language}`);
  return {
    subject: fill(template.subject, fields, false, templateId, language),
    text: fill(template.text, fields, false, templateId, language),
    html: fill(template.html, fields, true, templateId, language),
    sms: fill(template.sms, fields, false, templateId, language),
  };
}

/** The placeholders a template uses (every part). */
export function placeholdersOf(template: Template): string[] {
  const names = new Set<string>();
  for (const part of [template.subject, template.text, template.html, template.sms]) {
    for (const m of part.matchAll(/\{\{(\w+)\}\}/g)) names.add(m[1]);
  }
  return [...names].sort();
}
