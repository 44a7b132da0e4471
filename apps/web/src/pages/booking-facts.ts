import type { BookingView } from '../api';
import { html, Html } from '../html';
import { conversationTypeName, formatInstant, formatName, statusName } from '../i18n';
import { PageContext } from './layout';

/** The meeting a booking is for: its type, time and place (rows of a `<dl class="facts">`). */
export function meetingFacts({ t, lang }: PageContext, booking: BookingView): Html {
  return html`<dt>${t.type}</dt><dd>${conversationTypeName(lang, booking.conversationType)}</dd>
<dt>${t.when}</dt><dd>${formatInstant(lang, booking.startsAt)}</dd>
<dt>${t.where}</dt><dd>${booking.location}</dd>`;
}

/** The meeting, then the booking's format, status and reference. */
export function bookingFacts(ctx: PageContext, booking: BookingView): Html {
  const { t, lang } = ctx;
  return html`${meetingFacts(ctx, booking)}
<dt>${t.format}</dt><dd>${formatName(lang, booking.format)}</dd>
<dt>${t.status}</dt><dd>${statusName(lang, booking.status)}</dd>
<dt>${t.bookingRef}</dt><dd class="id">${booking.id}</dd>`;
}
