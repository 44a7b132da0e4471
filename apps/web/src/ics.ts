import type { BookingView } from './api';

/**
 * The receipt's calendar file (RFC 5545), made here from the booking the API returned: the notification
 * service's generator belongs to another service's scope. UTC times need no VTIMEZONE; text is escaped,
 * lines end in CRLF and fold at 75 octets. The UID is the booking's, so importing it twice adds one event.
 */
const escapeText = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const utc = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > 75) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

export function bookingIcs(booking: BookingView, summary: string, now: Date): string {
  const cancelled = booking.status === 'CANCELLED';
  return (
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Selvbook//Web//DA',
      'CALSCALE:GREGORIAN',
      `METHOD:${cancelled ? 'CANCEL' : 'PUBLISH'}`,
      'BEGIN:VEVENT',
      `UID:${booking.id}@selvbook`,
      `SEQUENCE:${booking.version}`,
      `DTSTAMP:${utc(now.toISOString())}`,
      `DTSTART:${utc(booking.startsAt)}`,
      `DTEND:${utc(booking.endsAt)}`,
      `SUMMARY:${escapeText(summary)}`,
      `LOCATION:${escapeText(booking.location)}`,
      `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
      'END:VCALENDAR',
    ]
      .map(fold)
      .join('\r\n') + '\r\n'
  );
}
