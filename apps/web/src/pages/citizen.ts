import type { BookingView, CitizenDeadlines, ScheduleView, SlotView } from '../api';
import { html, Html } from '../html';
import {
  conversationTypeName,
  copenhagenDate,
  formatDate,
  formatInstant,
  formatName,
  LEGITIMATE_REASONS,
  legitimateReasonName,
  statusName,
} from '../i18n';
import { bookingFacts, meetingFacts } from './booking-facts';
import { csrfField, layout, Notice, PageContext } from './layout';

const FORMATS = ['IN_PERSON', 'PHONE', 'VIDEO'];

export interface DevCitizen {
  name: string;
  citizenId: string;
  group?: string;
}

export function signInPage(ctx: PageContext, devLogin: boolean, n?: Notice, devCitizens: DevCitizen[] = []): string {
  const { t } = ctx;
  const pick = devCitizens.length
    ? html`<label for="citizenPick">${t.pickCitizen}</label><select id="citizenPick" name="citizenPick"><option value="">—</option>${devCitizens.map(
        (c) => html`<option value="${c.citizenId}">${c.name}${c.group ? ` (${c.group})` : ''}</option>`,
      )}</select>`
    : '';
  const dev = devLogin
    ? html`<h2>${t.devSignIn}</h2>
<form method="post" action="/log-ind/dev">${csrfField(ctx)}
<label for="role">${t.role}</label>
<select id="role" name="role"><option value="citizen">${t.roleCitizen}</option><option value="caseworker">${t.roleCaseworker}</option><option value="akasse">${t.roleAkasse}</option></select>
${pick}
<label for="citizenId">${t.citizenId}</label><input type="text" id="citizenId" name="citizenId" autocomplete="off" spellcheck="false">
<label for="jobcenterCode">${t.jobcenterCode}</label><input type="text" id="jobcenterCode" name="jobcenterCode" inputmode="numeric" autocomplete="off">
<label for="akasseId">${t.akasseId}</label><input type="text" id="akasseId" name="akasseId" autocomplete="off">
<button type="submit">${t.signIn}</button>
</form>`
    : '';
  return layout(
    ctx,
    t.signIn,
    html`<form method="post" action="/log-ind">${csrfField(ctx)}
<label for="token">${t.tokenLabel}</label>
<p class="hint" id="token-hint">${t.tokenHint}</p>
<textarea id="token" name="token" aria-describedby="token-hint" autocomplete="off" spellcheck="false" required></textarea>
<button type="submit">${t.signIn}</button>
</form>${dev}`,
    { notice: n },
  );
}

/** "Mine samtaler": the self-booking flags first, then what to book, what is booked, and the guiding dates. */
export function myMeetingsPage(
  ctx: PageContext,
  data: { deadlines: CitizenDeadlines; schedule?: ScheduleView; bookings: BookingView[] },
  n?: Notice,
): string {
  const { t, lang } = ctx;
  const { deadlines } = data;
  const open = deadlines.deadlines.filter((d) => d.status === 'open');
  const blocks: Html[] = [];
  if (!deadlines.canSelfBook) {
    blocks.push(
      html`<div class="notice notice-warning"><h2 class="notice-title">${t.cannotSelfBook}</h2><p>${t.cannotSelfBookText}</p></div>`,
    );
  } else if (deadlines.immediateBookingRequired) {
    const by = deadlines.immediateBookingLapsesOn ? formatDate(lang, deadlines.immediateBookingLapsesOn) : undefined;
    blocks.push(
      html`<div class="notice notice-warning"><h2 class="notice-title">${t.immediate}</h2><p>${t.immediateText(by)}</p></div>`,
    );
  }
  if (deadlines.canSelfBook) {
    blocks.push(html`<h2>${t.openDeadlines}</h2>`);
    blocks.push(
      open.length === 0
        ? html`<p>${t.noOpenDeadlines}</p>`
        : html`<ul class="cards">${open.map(
            (
              d,
            ) => html`<li><h3>${t.conversation(conversationTypeName(lang, d.conversationType), d.conversationNumber)}</h3>
<p><strong>${t.bookBy(formatDate(lang, d.deadlineDate))}</strong></p>
<p>${t.meetingBy(formatDate(lang, d.latestMeetingDate))}</p>
<p><a class="button" href="/frister/${d.deadlineId}/tider">${t.bookNow}<span class="visually-hidden">: ${t.conversation(conversationTypeName(lang, d.conversationType), d.conversationNumber)}</span></a></p></li>`,
          )}</ul>`,
    );
  }
  blocks.push(html`<h2>${t.booked}</h2>`);
  blocks.push(
    data.bookings.length === 0
      ? html`<p>${t.noBookings}</p>`
      : html`<ul class="cards">${data.bookings.map(
          (b) => html`<li class="slot-booked"><h3>${conversationTypeName(lang, b.conversationType)}</h3>
<p>${formatInstant(lang, b.startsAt)} · ${formatName(lang, b.format)} · ${b.location}</p>
<p><a href="/bookinger/${b.id}">${t.receiptTitle}<span class="visually-hidden">: ${formatInstant(lang, b.startsAt)}</span></a></p></li>`,
        )}</ul>`,
  );
  blocks.push(html`<h2>${t.guidingDates}</h2>`);
  const conversations = data.schedule?.schedule.conversations ?? [];
  blocks.push(
    conversations.length === 0
      ? html`<p>${t.noSchedule}</p>`
      : html`<ul class="cards">${conversations.map(
          (c) =>
            html`<li>${t.conversation(conversationTypeName(lang, c.type), c.number)}: ${formatDate(lang, c.guidingDate)} — ${statusName(lang, c.status)}</li>`,
        )}</ul>`,
  );
  return layout(ctx, t.myMeetings, html`${blocks}`, { notice: n });
}

export interface SlotSearch {
  deadlineId: string;
  date?: string;
  format?: string;
  location?: string;
  /** set when the search is for a rebooking of this booking */
  rebook?: string;
}

/** Slot search: a GET form (bookmarkable, works without script), then the free times as one radio group. */
export function slotSearchPage(
  ctx: PageContext,
  search: SlotSearch,
  slots: SlotView[],
  n?: Notice,
  pageSize = 20,
): string {
  const { t, lang } = ctx;
  // a full page: offer the times from the day after the last one shown (a plain link, bookmarkable)
  let later: string | undefined;
  if (slots.length >= pageSize) {
    const lastDay = copenhagenDate(slots[slots.length - 1].startsAt);
    const next = new Date(`${lastDay}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const params = new URLSearchParams({ date: next.toISOString().slice(0, 10) });
    if (search.format) params.set('format', search.format);
    if (search.location) params.set('location', search.location);
    if (search.rebook) params.set('ombook', search.rebook);
    later = `/frister/${search.deadlineId}/tider?${params}`;
  }
  const formatOptions = FORMATS.map(
    (f) => html`<option value="${f}"${search.format === f ? html` selected` : ''}>${formatName(lang, f)}</option>`,
  );
  const results =
    slots.length === 0
      ? html`<p>${t.noFreeTimes}</p>`
      : html`<form method="get" action="/frister/${search.deadlineId}/bekraeft">
${search.rebook ? html`<input type="hidden" name="ombook" value="${search.rebook}">` : ''}
${search.format ? html`<input type="hidden" name="format" value="${search.format}">` : ''}
<fieldset><legend>${t.chooseTime}</legend>
${slots.map(
  (
    s,
    i,
  ) => html`<div class="choice"><input type="radio" id="slot-${i}" name="slot" value="${s.id}|${s.startsAt}" required${i === 0 ? html` checked` : ''}>
<label for="slot-${i}">${formatInstant(lang, s.startsAt)} · ${s.location} · ${s.formats.map((f) => formatName(lang, f)).join(', ')}</label></div>`,
)}
</fieldset>
<button type="submit">${t.choose}</button>
</form>${later ? html`<p><a href="${later}">${t.laterTimes}</a></p>` : ''}`;
  return layout(
    ctx,
    search.rebook ? t.rebookTitle : t.findTime,
    html`<form method="get" action="/frister/${search.deadlineId}/tider">
${search.rebook ? html`<input type="hidden" name="ombook" value="${search.rebook}">` : ''}
<label for="date">${t.date}</label><input type="date" id="date" name="date" value="${search.date ?? ''}">
<label for="format">${t.format}</label><select id="format" name="format"><option value="">${t.anyFormat}</option>${formatOptions}</select>
<label for="location">${t.location}</label><input type="text" id="location" name="location" value="${search.location ?? ''}" autocomplete="off">
<button type="submit" class="secondary">${t.search}</button>
</form>
<h2>${t.freeTimes}</h2>
${results}
<p><a href="/mine-samtaler">${t.back}</a></p>`,
    { notice: n },
  );
}

export function confirmPage(
  ctx: PageContext,
  input: {
    slot: SlotView;
    deadlineId: string;
    conversationType: number;
    format?: string;
    rebook?: { id: string; etag: string };
    idempotencyKey: string;
  },
  n?: Notice,
): string {
  const { t, lang } = ctx;
  const { slot } = input;
  const format = input.format && slot.formats.includes(input.format) ? input.format : slot.formats[0];
  const formatChoice =
    slot.formats.length > 1
      ? html`<fieldset><legend>${t.format}</legend>${slot.formats.map(
          (f, i) =>
            html`<div class="choice"><input type="radio" id="format-${i}" name="format" value="${f}"${f === format ? html` checked` : ''}><label for="format-${i}">${formatName(lang, f)}</label></div>`,
        )}</fieldset>`
      : html`<input type="hidden" name="format" value="${format}">`;
  const action = input.rebook ? `/bookinger/${input.rebook.id}/ombook` : '/bookinger';
  return layout(
    ctx,
    input.rebook ? t.rebookTitle : t.confirmTitle,
    html`<dl class="facts">
<dt>${t.type}</dt><dd>${conversationTypeName(lang, input.conversationType)}</dd>
<dt>${t.when}</dt><dd>${formatInstant(lang, slot.startsAt)}</dd>
<dt>${t.where}</dt><dd>${slot.location}</dd>
</dl>
<form method="post" action="${action}">${csrfField(ctx)}
<input type="hidden" name="slotId" value="${slot.id}">
<input type="hidden" name="deadlineId" value="${input.deadlineId}">
<input type="hidden" name="idempotencyKey" value="${input.idempotencyKey}">
${input.rebook ? html`<input type="hidden" name="etag" value="${input.rebook.etag}">` : ''}
${formatChoice}
<button type="submit">${input.rebook ? t.confirmRebook : t.confirm}</button>
</form>
<p><a href="/frister/${input.deadlineId}/tider${input.rebook ? `?ombook=${input.rebook.id}` : ''}">${t.back}</a></p>`,
    { notice: n },
  );
}

export function receiptPage(ctx: PageContext, booking: BookingView, n?: Notice): string {
  const { t } = ctx;
  const active = booking.status === 'BOOKED';
  return layout(
    ctx,
    t.receiptTitle,
    html`<dl class="facts">
${bookingFacts(ctx, booking)}
</dl>
<p><a href="/bookinger/${booking.id}/kalender.ics" download="selvbook-${booking.id}.ics">${t.ics}</a></p>
${active && booking.deadlineId && booking.rebookingAllowed !== false ? html`<p><a class="button secondary" href="/frister/${booking.deadlineId}/tider?ombook=${booking.id}">${t.rebook}</a></p>` : ''}
${active ? html`<p><a class="button secondary" href="/bookinger/${booking.id}/afbud">${t.cancel}</a></p>` : ''}
<p><a href="/mine-samtaler">${t.myMeetings}</a></p>`,
    { notice: n },
  );
}

export function cancelPage(ctx: PageContext, booking: BookingView, etag: string, n?: Notice): string {
  const { t, lang } = ctx;
  return layout(
    ctx,
    t.cancelTitle,
    html`<dl class="facts">
${meetingFacts(ctx, booking)}
</dl>
<div class="notice notice-warning"><p>${t.cancelWarning}</p></div>
<form method="post" action="/bookinger/${booking.id}/afbud">${csrfField(ctx)}
<input type="hidden" name="etag" value="${etag}">
<fieldset><legend>${t.cancelReason}</legend>
${LEGITIMATE_REASONS.map(
  (r) =>
    html`<div class="choice"><input type="radio" id="reason-${r}" name="legitimateReason" value="${r}"><label for="reason-${r}">${legitimateReasonName(lang, r)}</label></div>`,
)}
<div class="choice"><input type="radio" id="reason-none" name="legitimateReason" value="" checked><label for="reason-none">${t.reasonNone}</label></div>
</fieldset>
<button type="submit" class="danger">${t.doCancel}</button>
</form>
<p><a href="/bookinger/${booking.id}">${t.back}</a></p>`,
    { notice: n },
  );
}
