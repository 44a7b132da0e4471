import ICAL from 'ical.js';
import { buildIcs, foldLine, meetingUid } from './ics';

const base = {
  uid: meetingUid('6f1c2a8e-3b7d-4c1e-9a2f-0d5e8b7c6a41'),
  startsAt: new Date('2026-03-29T07:30:00Z'), // the first CEST morning: 09:30 local
  endsAt: new Date('2026-03-29T08:00:00Z'),
  stamp: new Date('2026-03-20T12:00:00Z'),
  summary: 'Jobsamtale',
  description: 'Du har booket en jobsamtale.\nSted: Kalvebod Brygge 45, København; husk NemID',
  location: 'Jobcenter København, Kalvebod Brygge 45; 2. sal',
  organizerEmail: 'no-reply@selvbook.dk',
  organizerName: 'Jobcenter "København"',
  attendeeEmail: 'borger@example.dk',
};

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

describe('RFC 5545 calendar files', () => {
  it('a booking is METHOD:REQUEST with the meeting, parsed by a real iCalendar parser', () => {
    const ics = buildIcs({ ...base, method: 'REQUEST', sequence: 0 });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const { calendar, vevent, event } = parse(ics);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(event.uid).toBe(base.uid);
    expect(event.sequence).toBe(0);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-03-29T07:30:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(event.location).toBe(base.location); // ; and , escaped and restored
    expect(event.description).toBe(base.description); // newline escaped, folded line rejoined
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(String(vevent.getFirstPropertyValue('organizer'))).toBe('mailto:no-reply@selvbook.dk');
    expect(String(vevent.getFirstPropertyValue('attendee'))).toBe('mailto:borger@example.dk');
    expect(vevent.getFirstSubcomponent('valarm')).toBeTruthy();
  });

  it('a cancellation is METHOD:CANCEL with the same UID and a higher SEQUENCE', () => {
    const { calendar, vevent, event } = parse(buildIcs({ ...base, method: 'CANCEL', sequence: 2 }));
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.uid).toBe(base.uid);
    expect(event.sequence).toBe(2);
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('the UID comes from the first booking of a rebooking chain', () => {
    expect(meetingUid('6f1c2a8e-3b7d-4c1e-9a2f-0d5e8b7c6a41')).toBe(
      'booking-6f1c2a8e-3b7d-4c1e-9a2f-0d5e8b7c6a41@selvbook.dk',
    );
  });

  it('folds long lines at 75 octets without splitting a multi-byte character', () => {
    const line = `DESCRIPTION:${'æøå'.repeat(60)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(line);
  });
});
