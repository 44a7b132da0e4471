import { createHash } from 'node:crypto';
import type { BookingView, CalendarSlotView, CalendarView, SlotView } from '../api';
import { html } from '../html';
import {
  conversationTypeName,
  copenhagenDate,
  formatDate,
  formatInstant,
  formatName,
  formatTime,
  statusName,
} from '../i18n';
import { bookingFacts } from './booking-facts';
import { csrfField, layout, Notice, PageContext } from './layout';

const TYPES = [4, 7, 10, 15, 17];
const FORMATS = ['IN_PERSON', 'PHONE', 'VIDEO'];
const WEEKDAYS: Record<'da' | 'en', string[]> = {
  da: ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

export function calendarsPage(ctx: PageContext, calendars: CalendarView[] | undefined, n?: Notice): string {
  const { t } = ctx;
  const list =
    calendars === undefined
      ? html`<p>${t.calendarsUnavailable}</p>`
      : html`<ul class="cards">${calendars.map((c) => html`<li><h2><a href="/kalender/${c.id}">${c.name}</a></h2>${c.defaultLocation ? html`<p>${c.defaultLocation}</p>` : ''}</li>`)}</ul>`;
  return layout(
    ctx,
    t.calendars,
    html`${list}
<form method="get" action="/kalender/aaben">
<label for="calendarId">${t.calendarId}</label><input type="text" id="calendarId" name="calendarId" autocomplete="off" spellcheck="false" required>
<button type="submit" class="secondary">${t.openCalendar}</button>
</form>
<p><a href="/kalender/lukkedage">${t.closingDaysTitle}</a></p>`,
    { notice: n },
  );
}

/** A fingerprint of what the week view shows: each slot's state and its bookings (who, status). */
export function weekVersion(slots: CalendarSlotView[]): string {
  const hash = createHash('sha1');
  for (const s of slots)
    hash.update(
      `${s.id}:${s.state}:${s.remainingCapacity}:${s.bookings.map((b) => `${b.bookingId}/${b.status}`).join(',')};`,
    );
  return hash.digest('base64url').slice(0, 16);
}

/** Monday of the ISO week holding `date` (YYYY-MM-DD), as YYYY-MM-DD. */
export function mondayOf(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The week view: one section per day with its slots, free or booked; for a booking, who (the citizen's
 * pseudonym id), which conversation type and format, and its status. A list, not a grid: it reads in order
 * with a screen reader and needs no horizontal scrolling at 320 px.
 */
export function weekPage(
  ctx: PageContext,
  calendarId: string,
  monday: string,
  slots: CalendarSlotView[] | undefined,
  n?: Notice,
  options: { refreshSeconds?: number; now?: Date } = {},
): string {
  const { t, lang } = ctx;
  const self = `/kalender/${calendarId}?uge=${monday}`;
  const days = Array.from({ length: 7 }, (_, i) => addDaysIso(monday, i));
  const body =
    slots === undefined
      ? html`<p>${t.weekUnavailable}</p>`
      : slots.length === 0
        ? html`<p>${t.noSlotsWeek}</p>`
        : html`${days.map((day) => {
            const mine = slots.filter((s) => copenhagenDate(s.startsAt) === day);
            if (mine.length === 0) return '';
            return html`<h2>${formatDate(lang, day)}</h2><ul class="cards">${mine.map((s) => {
              const free = s.state === 'FREE';
              return html`<li id="slot-${s.id}" class="${free ? 'slot-free' : 'slot-booked'}"><h3>${formatTime(lang, s.startsAt)}–${formatTime(lang, s.endsAt)} · ${statusName(lang, s.state)}</h3>
<p>${s.joint ? html`<strong>${t.joint}</strong> · ` : ''}${s.conversationTypes.map((c) => conversationTypeName(lang, c)).join(', ')} · ${s.formats.map((f) => formatName(lang, f)).join(', ')} · ${s.location}</p>
${
  s.bookings.length
    ? html`<ul>${s.bookings.map(
        (b) =>
          html`<li>${t.citizen} <span class="id">${b.citizenId}</span>: ${conversationTypeName(lang, b.conversationType)}, ${formatName(lang, b.format)}, ${statusName(lang, b.status)} (${b.selfBooked ? t.bookedByCitizen : t.bookedByStaff}) — <a href="/sag/bookinger/${b.bookingId}">${t.attendance}<span class="visually-hidden"> ${formatTime(lang, s.startsAt)}</span></a></li>`,
      )}</ul>`
    : ''
}</li>`;
            })}</ul>`;
          })}`;
  // Without script the caseworker reloads (the link); with it, the page looks for changes every refreshSeconds
  // and says so in a status message with the same link — it never rewrites the list under the reader.
  const refresh =
    slots && options.refreshSeconds
      ? html` data-version="${weekVersion(slots)}" data-refresh-seconds="${options.refreshSeconds}" data-changed="${t.weekChanged}"`
      : '';
  return layout(
    ctx,
    t.weekOf(formatDate(lang, monday)),
    html`<p class="weeknav"><a href="/kalender/${calendarId}?uge=${addDaysIso(monday, -7)}">${t.previousWeek}</a> <a href="/kalender/${calendarId}?uge=${addDaysIso(monday, 7)}">${t.nextWeek}</a>
<a href="/kalender/${calendarId}/udbud">${t.publishTitle}</a> <a href="/kalender/${calendarId}/book">${t.bookOnBehalf}</a></p>
<p class="hint">${t.weekShownAt(formatTime(lang, (options.now ?? new Date()).toISOString()))} <a href="${self}" class="week-refresh">${t.refreshWeek}</a></p>
<div id="week-status" role="status"></div>
<div id="week"${refresh}>${body}</div>`,
    { notice: n },
  );
}

export function publishPage(ctx: PageContext, calendarId: string, today: string, n?: Notice): string {
  const { t, lang } = ctx;
  const check = (name: string, value: string | number, label: string, checked: boolean, id: string) =>
    html`<div class="choice"><input type="checkbox" id="${id}" name="${name}" value="${value}"${checked ? html` checked` : ''}><label for="${id}">${label}</label></div>`;
  return layout(
    ctx,
    t.publishTitle,
    html`<form method="post" action="/kalender/${calendarId}/udbud">${csrfField(ctx)}
<label for="from">${t.fromDate}</label><input type="date" id="from" name="from" value="${addDaysIso(today, 1)}" required>
<label for="to">${t.toDate}</label><input type="date" id="to" name="to" value="${addDaysIso(today, 14)}" required>
<fieldset><legend>${t.weekdays}</legend>${WEEKDAYS[lang].map((d, i) => check('weekday', i + 1, d, i < 5, `weekday-${i + 1}`))}</fieldset>
<label for="opens">${t.opens}</label><input type="time" id="opens" name="opens" value="09:00" required>
<label for="closes">${t.closes}</label><input type="time" id="closes" name="closes" value="12:00" required>
<label for="slotMinutes">${t.slotMinutes}</label><input type="number" id="slotMinutes" name="slotMinutes" value="30" min="5" max="480" required>
<label for="gapMinutes">${t.gapMinutes}</label><input type="number" id="gapMinutes" name="gapMinutes" value="0" min="0" max="480">
<fieldset><legend>${t.types}</legend>${TYPES.map((c) => check('conversationType', c, conversationTypeName(lang, c), c === 7, `type-${c}`))}</fieldset>
<fieldset><legend>${t.formats}</legend>${FORMATS.map((f) => check('format', f, formatName(lang, f), true, `format-${f}`))}</fieldset>
<label for="capacity">${t.capacity}</label><input type="number" id="capacity" name="capacity" value="1" min="1" max="500" required>
<button type="submit">${t.publish}</button>
</form>
<p><a href="/kalender/${calendarId}">${t.back}</a></p>`,
    { notice: n },
  );
}

export function closingDaysPage(ctx: PageContext, n?: Notice): string {
  const { t } = ctx;
  return layout(
    ctx,
    t.closingDaysTitle,
    html`<form method="post" action="/kalender/lukkedage">${csrfField(ctx)}
<label for="closingDays">${t.closingDays}</label><textarea id="closingDays" name="closingDays"></textarea>
<button type="submit">${t.saveClosingDays}</button>
</form>
<p><a href="/kalender">${t.calendars}</a></p>`,
    { notice: n },
  );
}

/** Book on behalf: the organisation's free times (the staff slot search), each with a citizen id to book for. */
export function bookOnBehalfPage(
  ctx: PageContext,
  calendarId: string,
  date: string,
  slots: SlotView[],
  n?: Notice,
): string {
  const { t, lang } = ctx;
  return layout(
    ctx,
    t.bookOnBehalf,
    html`<form method="get" action="/kalender/${calendarId}/book">
<label for="date">${t.date}</label><input type="date" id="date" name="date" value="${date}">
<button type="submit" class="secondary">${t.search}</button>
</form>
<h2>${t.freeTimes}</h2>
${
  slots.length === 0
    ? html`<p>${t.noFreeTimes}</p>`
    : html`<ul class="cards">${slots.map(
        (
          s,
          i,
        ) => html`<li class="slot-free"><h3 id="slot-${i}">${formatInstant(lang, s.startsAt)}</h3><p>${s.location}</p>
<form method="post" action="/kalender/${calendarId}/book" aria-labelledby="slot-${i}">${csrfField(ctx)}
<input type="hidden" name="slotId" value="${s.id}">
<label for="citizen-${i}">${t.citizenId}</label><input type="text" id="citizen-${i}" name="citizenId" required autocomplete="off" spellcheck="false">
<label for="type-${i}">${t.type}</label><select id="type-${i}" name="conversationType">${s.conversationTypes.map((c) => html`<option value="${c}">${conversationTypeName(lang, c)}</option>`)}</select>
<label for="format-${i}">${t.format}</label><select id="format-${i}" name="format">${s.formats.map((f) => html`<option value="${f}">${formatName(lang, f)}</option>`)}</select>
<button type="submit">${t.bookFor}</button>
</form></li>`,
      )}</ul>`
}
<p><a href="/kalender/${calendarId}">${t.back}</a></p>`,
    { notice: n },
  );
}

export function staffBookingPage(ctx: PageContext, booking: BookingView, etag: string, n?: Notice): string {
  const { t } = ctx;
  return layout(
    ctx,
    t.bookingTitle,
    html`<dl class="facts">
<dt>${t.citizen}</dt><dd class="id">${booking.citizenId}</dd>
${bookingFacts(ctx, booking)}
</dl>
${
  booking.status === 'BOOKED'
    ? html`<h2>${t.attendance}</h2><form method="post" action="/sag/bookinger/${booking.id}/fremmoede">${csrfField(ctx)}
<input type="hidden" name="etag" value="${etag}">
<button type="submit" name="outcome" value="HELD">${t.attended}</button>
<button type="submit" name="outcome" value="NO_SHOW" class="secondary">${t.noShow}</button>
</form>`
    : ''
}
<p><a href="/kalender">${t.calendars}</a></p>`,
    { notice: n },
  );
}
