import { ConversationType, Language, MeetingFormat, MissedDeadlineConsequence } from '@selvbook/contracts';
import {
  MissingTemplateFieldError,
  NotificationFacts,
  placeholdersOf,
  renderTemplate,
  TEMPLATE_IDS,
  TemplateId,
  TEMPLATES,
  templateFields,
} from './templates';

const URL = 'https://jobnet.dk/selvbook';
const FACTS: Record<TemplateId, NotificationFacts> = {
  'deadline-given': {
    conversationType: ConversationType.JOB_CONVERSATION,
    deadlineDate: '2026-04-02',
    latestMeetingDate: '2026-04-16',
  },
  'deadline-reminder': {
    conversationType: ConversationType.JOB_CONVERSATION,
    deadlineDate: '2026-04-02',
    latestMeetingDate: '2026-04-16',
  },
  'booking-receipt': {
    conversationType: 7,
    startsAt: '2026-04-02T08:00:00Z',
    endsAt: '2026-04-02T08:30:00Z',
    location: 'Jobcenter København, Kalvebod Brygge 45',
    format: MeetingFormat.IN_PERSON,
  },
  'booking-rebooked': {
    conversationType: 7,
    startsAt: '2026-04-03T12:15:00Z',
    endsAt: '2026-04-03T12:45:00Z',
    location: 'Telefon',
    format: MeetingFormat.PHONE,
  },
  'booking-cancelled': { conversationType: 17, startsAt: '2026-04-02T08:00:00Z' },
  'meeting-reminder': {
    conversationType: 7,
    startsAt: '2026-04-02T08:00:00Z',
    endsAt: '2026-04-02T08:30:00Z',
    location: 'Video <link>',
    format: MeetingFormat.VIDEO,
  },
  'deadline-missed': {
    conversationType: 7,
    deadlineDate: '2026-04-02',
    consequence: MissedDeadlineConsequence.DEREGISTRATION,
    deregisteredFrom: '2026-04-03',
  },
};

/** A template rendered from facts (its example facts by default), without a jobcenter. */
function render(id: TemplateId, language: Language, facts: NotificationFacts = FACTS[id]) {
  return renderTemplate(id, language, templateFields(facts, language, URL));
}

describe('templates', () => {
  it('issue 20: a receipt says where by format: in person the address, by phone who calls, by video the link', () => {
    const receipt = (facts: Partial<NotificationFacts>, lang = Language.DA) =>
      renderTemplate(
        'booking-receipt',
        lang,
        templateFields({ ...FACTS['booking-receipt'], ...facts }, lang, URL, '10101'),
      );
    const inPerson = receipt({});
    expect(inPerson.text).toContain('Sted: Jobcenter København, Kalvebod Brygge 45');
    const phone = receipt({ format: MeetingFormat.PHONE, location: 'Jobcenter København, Kalvebod Brygge 45' });
    expect(phone.text).toContain(
      'Mødeform: telefon\nTelefon: Jobcenter København ringer ' +
        'til dig på det telefonnummer, du har oplyst på Jobnet',
    );
    expect(phone.text).not.toContain('Kalvebod Brygge');
    expect(phone.sms).toContain('vi ringer til dig');
    expect(phone.sms).not.toContain('Kalvebod');
    expect(receipt({ format: MeetingFormat.PHONE }, Language.EN).text).toContain(
      'Phone: Jobcenter København will call you on the phone number you gave on Jobnet',
    );
    const video = receipt({ format: MeetingFormat.VIDEO, location: 'https://video.kk.dk/m/team-vest' });
    expect(video.text).toContain('Videolink: https://video.kk.dk/m/team-vest');
    expect(video.html).toContain('https://video.kk.dk/m/team-vest');
    expect(video.sms).toContain('https://video.kk.dk/m/team-vest');
    const videoWithoutLink = receipt({ format: MeetingFormat.VIDEO, location: 'Kalvebod Brygge 45' });
    expect(videoWithoutLink.text).toContain(
      'Videolink: Jobcenter København sender dig et link til videomødet inden mødet',
    );
    expect(videoWithoutLink.text).not.toContain('Kalvebod');
  });

  it("issue 20: signed with the organisation's name: jobcenter, the a-kasse for its meetings, both if joint", () => {
    const sign = (facts: NotificationFacts, code: string | undefined, lang = Language.DA) =>
      renderTemplate('booking-cancelled', lang, templateFields(facts, lang, URL, code)).text;
    const base = FACTS['booking-cancelled'];
    expect(sign({ ...base, conversationType: 7 }, '10101')).toMatch(/Venlig hilsen\nJobcenter København$/);
    expect(sign({ ...base, conversationType: 7 }, '75101', Language.EN)).toMatch(/Kind regards\nJobcenter Aarhus$/);
    expect(sign({ ...base, conversationType: 10, akasseId: '3f' }, '10101')).toMatch(/Venlig hilsen\n3F A-kasse$/);
    expect(sign({ ...base, conversationType: 17, akasseId: 'ca' }, '10101')).toMatch(
      /Venlig hilsen\nJobcenter København og CA a-kasse$/,
    );
    // an organisation the deployment does not list signs generically, never with a code
    expect(sign({ ...base, conversationType: 7 }, '99901')).toMatch(/Venlig hilsen\nJobcentret$/);
    for (const id of TEMPLATE_IDS)
      expect(renderTemplate(id, Language.DA, templateFields(FACTS[id], Language.DA, URL, '10101')).html).toContain(
        'Venlig hilsen<br>Jobcenter København',
      );
  });

  it.each(TEMPLATE_IDS.flatMap((id) => [Language.DA, Language.EN].map((lang) => [id, lang] as const)))(
    '%s (%s) renders every part with every field filled',
    (id, lang) => {
      const message = render(id, lang);
      for (const part of Object.values(message)) {
        expect(part).not.toMatch(/\{\{|\}\}|undefined|null/);
        expect(part.length).toBeGreaterThan(10);
      }
      expect(message.sms.length).toBeLessThanOrEqual(306); // two concatenated SMS segments at most
    },
  );

  it("[F:S21 §20 nr. 11–12] the receipt states the meeting's rebooking rights: until when, or not at all", () => {
    const receipt = (facts: Partial<NotificationFacts>, lang = Language.DA) =>
      render('booking-receipt', lang, { ...FACTS['booking-receipt'], ...facts }).text;
    expect(receipt({ rebookingAllowed: true, rebookableUntil: '2026-04-02T06:00:00Z' })).toContain(
      'Du kan ombooke mødet på Jobnet indtil torsdag den 2. april 2026 kl. 08.00.',
    );
    expect(receipt({ rebookingAllowed: true, rebookableUntil: '2026-04-02T06:00:00Z' }, Language.EN)).toContain(
      'You can rebook the meeting on Jobnet until Thursday, 2 April 2026 at 08:00.',
    );
    expect(receipt({ rebookingAllowed: false })).toContain('Mødet kan ikke ombookes.');
    expect(receipt({ rebookingAllowed: false })).not.toContain('Du kan ombooke');
    expect(receipt({})).toContain('Du kan ombooke mødet på Jobnet.'); // a meeting booked before rights were stated
    expect(
      render('booking-rebooked', Language.DA, { ...FACTS['booking-rebooked'], rebookingAllowed: false }).text,
    ).toContain('Mødet kan ikke ombookes.');
  });

  it('Danish and English use the same fields in every template', () => {
    for (const id of TEMPLATE_IDS)
      expect(placeholdersOf(TEMPLATES[Language.EN][id])).toEqual(placeholdersOf(TEMPLATES[Language.DA][id]));
  });

  it('Danish texts use the glossary terms and Copenhagen wall-clock time', () => {
    const receipt = render('booking-receipt', Language.DA);
    expect(receipt.subject).toBe('Kvittering: jobsamtale torsdag den 2. april 2026 kl. 10.00'); // 08:00Z = 10:00 CEST
    expect(receipt.text).toContain('Mødeform: fremmøde');
    expect(receipt.text).toContain('ombooke mødet');
    expect(receipt.text).toContain('melde afbud');
    const given = render('deadline-given', Language.DA);
    expect(given.text).toContain('Fristdato: torsdag den 2. april 2026');
    const en = render('booking-receipt', Language.EN);
    expect(en.subject).toBe('Receipt: job conversation Thursday, 2 April 2026 at 10:00');
  });

  it('deadline missed says what it means and what to do: re-register and book at once (dagpenge)', () => {
    const da = render('deadline-missed', Language.DA);
    expect(da.text).toContain('Du er afmeldt som jobsøgende fra fredag den 3. april 2026');
    expect(da.text).toContain('Tilmeld dig igen som jobsøgende på Jobnet med det samme');
    expect(da.text).toContain('straksbooking');
    const en = render('deadline-missed', Language.EN);
    expect(en.text).toContain('You are deregistered as a jobseeker from Friday, 3 April 2026');
    expect(en.text).toContain('Register again as a jobseeker on Jobnet at once');
    const deduction = render('deadline-missed', Language.DA, {
      ...FACTS['deadline-missed'],
      consequence: MissedDeadlineConsequence.DEDUCTION,
      deregisteredFrom: undefined,
    });
    expect(deduction.text).toContain('trukket i din ydelse');
    expect(deduction.text).toContain('Book en samtale på Jobnet med det samme');
  });

  it('escapes values in HTML but not in plain text', () => {
    const m = render('meeting-reminder', Language.DA, {
      ...FACTS['meeting-reminder'],
      format: MeetingFormat.IN_PERSON,
    });
    expect(m.html).toContain('Video &lt;link&gt;');
    expect(m.text).toContain('Video <link>');
  });

  it('a missing field throws, naming the template, language and field (the test fails, not the citizen)', () => {
    const facts = { ...FACTS['booking-receipt'], location: undefined };
    expect(() => render('booking-receipt', Language.DA, facts)).toThrow(MissingTemplateFieldError);
    expect(() => render('booking-receipt', Language.EN, facts)).toThrow(
      'template booking-receipt (en): field "location" is missing',
    );
    // DEREGISTRATION without the date it applies from cannot be told correctly: refused too.
    const noDate = { ...FACTS['deadline-missed'], deregisteredFrom: undefined };
    expect(() => render('deadline-missed', Language.DA, noDate)).toThrow('field "consequence" is missing');
    // An empty string is as missing as an absent field.
    expect(() =>
      renderTemplate('deadline-given', Language.DA, {
        ...templateFields(FACTS['deadline-given'], Language.DA, URL),
        conversation: '',
      }),
    ).toThrow(MissingTemplateFieldError);
  });
});
