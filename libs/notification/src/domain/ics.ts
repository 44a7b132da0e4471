/**
 * RFC 5545 calendar objects for meeting receipts (iTIP, RFC 5546): METHOD:REQUEST for a booked or rebooked
 * meeting, METHOD:CANCEL when it is cancelled. The UID is stable across rebookings (derived from the first booking
 * of the chain) and SEQUENCE grows with every change, so a
 * calendar moves or removes the one event instead of adding a second. Times are UTC (`Z`), which needs no
 * VTIMEZONE; lines end in CRLF and are folded at 75 octets; text values are escaped.
 */

export interface CalendarMeeting {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  stamp: Date;
  summary: string;
  description: string;
  location: string;
  organizerEmail: string;
  organizerName: string;
  attendeeEmail?: string;
}

export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

function utc(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Folds a content line at 75 octets (UTF-8 aware: never splits a multi-byte character). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

function quoteParam(value: string): string {
  return `"${value.replace(/"/g, "'")}"`;
}

export function buildIcs(m: CalendarMeeting): string {
  const cancelled = m.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Selvbook//Notification service//DA',
    'CALSCALE:GREGORIAN',
    `METHOD:${m.method}`,
    'BEGIN:VEVENT',
    `UID:${m.uid}`,
    `SEQUENCE:${m.sequence}`,
    `DTSTAMP:${utc(m.stamp)}`,
    `DTSTART:${utc(m.startsAt)}`,
    `DTEND:${utc(m.endsAt)}`,
    `SUMMARY:${escapeText(m.summary)}`,
    `DESCRIPTION:${escapeText(m.description)}`,
    `LOCATION:${escapeText(m.location)}`,
    `ORGANIZER;CN=${quoteParam(m.organizerName)}:mailto:${m.organizerEmail}`,
    ...(m.attendeeEmail
      ? [
          `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=${cancelled ? 'DECLINED' : 'ACCEPTED'};` +
            `RSVP=FALSE:mailto:${m.attendeeEmail}`,
        ]
      : []),
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    ...(cancelled
      ? []
      : ['BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${escapeText(m.summary)}`, 'TRIGGER:-PT1H', 'END:VALARM']),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/**
 * The stable UID of a meeting: derived from the first booking of its rebooking chain (booked → rebooked →
 * rebooked … keep it). Not from the deadline: a meeting cancelled and a new one booked for the same deadline
 * are two calendar events, and a UID once cancelled is not reused.
 */
export function meetingUid(firstBookingId: string): string {
  return `booking-${firstBookingId}@selvbook.dk`;
}
