import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  histogramIn,
  LATENCY_BUCKETS,
  MetricsRegistry,
  recordHttpMetrics,
  serveMetrics,
  statusClass,
} from '@selvbook/platform';
import type { Logger } from 'pino';
import {
  ApiClient,
  ApiProblem,
  ApiTransport,
  BookingView,
  CalendarSlotView,
  CalendarView,
  CitizenDeadlines,
  ScheduleView,
  SlotView,
} from './api';
import { escapeHtml, Html } from './html';
import { bookingIcs } from './ics';
import { conversationTypeName, copenhagenDate, Lang, problemMessage } from './i18n';
import {
  confirmPage,
  cancelPage,
  DevCitizen,
  myMeetingsPage,
  receiptPage,
  signInPage,
  slotSearchPage,
} from './pages/citizen';
import { layout, Notice, pageContext, PageContext, SCRIPT, STYLESHEET } from './pages/layout';
import {
  bookOnBehalfPage,
  calendarsPage,
  closingDaysPage,
  mondayOf,
  publishPage,
  staffBookingPage,
  weekPage,
} from './pages/staff';
import {
  cookie,
  CSRF_COOKIE,
  csrfMatches,
  DevTokenMinter,
  LANG_COOKIE,
  newCsrfToken,
  parseCookies,
  Session,
  sessionOf,
  TOKEN_COOKIE,
} from './session';
import { devLoginAllowed, WebConfig } from './web.config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
type Form = Record<string, string | string[]>;

interface Request {
  lang: Lang;
  csrf: string;
  session?: Session;
  ctx: PageContext;
  api?: ApiClient;
}

/** Notices a redirect after a POST may name (?ok=…): only these keys, never free text from the URL. */
const OK_NOTICES = {
  booked: 'bookedOk',
  rebooked: 'rebookedOk',
  cancelled: 'cancelledOk',
  attendance: 'attendanceSaved',
  closing: 'closingDaysSaved',
} as const;

const SECURITY_HEADERS = {
  // connect-src: the week view's script fetches the page itself to see whether the week changed
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function today(): string {
  return copenhagenDate();
}

/** The web front: server-rendered pages over the services' public REST APIs. */
export function buildWebServer(config: WebConfig, logger?: Logger): FastifyInstance {
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true }, bodyLimit: 64 * 1024 });
  // the same HTTP metrics as the services (job="web"), and each call to a service: which one makes pages slow or fail
  const { registry } = new MetricsRegistry();
  recordHttpMetrics(app, registry);
  serveMetrics(app, registry);
  const apiCalls = histogramIn(registry, {
    name: 'selvbook_web_api_call_duration_seconds',
    help:
      "Calls from the web front to a service's REST API, by service " +
      'and status class (unanswered: refused, reset or timed out)',
    labelNames: ['service', 'status_class'],
    buckets: LATENCY_BUCKETS,
  });
  const transport = new ApiTransport();
  transport.onCall = (service, status, seconds) =>
    apiCalls.observe({ service, status_class: status ? statusClass(status) : 'unanswered' }, seconds);
  app.addHook('onClose', async () => transport.close());
  const targets = {
    schedule: config.SCHEDULE_URL.replace(/\/$/, ''),
    deadline: config.DEADLINE_URL.replace(/\/$/, ''),
    booking: config.BOOKING_URL.replace(/\/$/, ''),
    bookingReads: (config.BOOKING_READS_URL ?? config.BOOKING_URL).replace(/\/$/, ''),
    timeoutMs: config.WEB_API_TIMEOUT_MS,
    transport,
  };
  const devLogin = devLoginAllowed(config);
  const minter = devLogin ? new DevTokenMinter(config.WEB_DEV_SIGNING_KEY_FILE) : undefined;
  const secure = config.WEB_COOKIE_SECURE;
  // read on each visit: `npm start` writes the file after seeding, once the web app is already up
  const devCitizens = (): DevCitizen[] => {
    if (!devLogin || !config.WEB_DEV_CITIZENS_FILE) return [];
    try {
      const list = JSON.parse(readFileSync(config.WEB_DEV_CITIZENS_FILE, 'utf8')) as DevCitizen[];
      return Array.isArray(list)
        ? list.filter((c) => typeof c?.citizenId === 'string' && UUID.test(c.citizenId)).slice(0, 100)
        : [];
    } catch {
      return [];
    }
  };

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const form: Form = {};
    for (const [key, value] of new URLSearchParams(body as string)) {
      const existing = form[key];
      form[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    done(null, form);
  });

  app.decorateRequest('web', null);
  app.addHook('onRequest', async (request, reply) => {
    // a scrape is no visitor: no session, no form-token cookie
    if (request.url === '/metrics') return;
    reply.headers(SECURITY_HEADERS);
    const cookies = parseCookies(request.headers.cookie);
    const query = request.query as Record<string, string | undefined>;
    const setCookies: string[] = [];
    let lang: Lang = cookies[LANG_COOKIE] === 'en' ? 'en' : 'da';
    if (query.lang === 'en' || query.lang === 'da') {
      lang = query.lang;
      setCookies.push(cookie(LANG_COOKIE, lang, { secure, maxAgeS: 365 * 86400 }));
    }
    let csrf = cookies[CSRF_COOKIE];
    if (!csrf || csrf.length < 32) {
      csrf = newCsrfToken();
      setCookies.push(cookie(CSRF_COOKIE, csrf, { secure }));
    }
    if (setCookies.length) reply.header('set-cookie', setCookies);
    const session = sessionOf(cookies[TOKEN_COOKIE]);
    const web: Request = {
      lang,
      csrf,
      session,
      ctx: pageContext(lang, csrf, request.url, session?.role),
      api: session ? new ApiClient(targets, session.token) : undefined,
    };
    (request as FastifyRequest & { web: Request }).web = web;
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const web = webOf(request);
    const cookies = parseCookies(request.headers.cookie);
    if (!csrfMatches(cookies[CSRF_COOKIE], (request.body as Form | undefined)?._csrf)) {
      return sendPage(reply.code(403), layout(web.ctx, web.ctx.t.errorTitle, html(web.ctx.t.formExpired)));
    }
  });

  app.setNotFoundHandler((request, reply) => {
    const web = webOf(request) ?? { ctx: pageContext('da', '', request.url) };
    sendPage(reply.code(404), layout(web.ctx, web.ctx.t.notFoundTitle, html('')));
  });
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const web = webOf(request);
    if (error instanceof ApiProblem) {
      if (error.status === 401) {
        reply.header('set-cookie', cookie(TOKEN_COOKIE, '', { secure, maxAgeS: 0 }));
        return reply.redirect('/log-ind?udloebet=1', 303);
      }
      const status = error.status >= 500 ? 502 : error.status;
      return sendPage(
        reply.code(status),
        layout(web.ctx, web.ctx.t.errorTitle, html(''), { notice: problemNotice(web, error) }),
      );
    }
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) logger?.error({ err: error, url: request.url.split('?')[0] }, 'page failed');
    const ctx = web?.ctx ?? pageContext('da', '', request.url);
    return sendPage(
      reply.code(status),
      layout(ctx, ctx.t.errorTitle, html(''), {
        notice: { kind: 'error', text: problemMessage(ctx.lang, `http-${status}`, status) },
      }),
    );
  });

  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async () => ({ status: 'ok' }));
  app.get('/assets/selvbook.css', async (_request, reply) => {
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=86400');
    return STYLESHEET;
  });

  app.get('/assets/selvbook.js', async (_request, reply) => {
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400');
    return SCRIPT;
  });

  // no icon: an empty answer, so browsers stop asking
  app.get('/favicon.ico', async (_request, reply) =>
    reply.code(204).header('cache-control', 'public, max-age=86400').send(),
  );

  app.get('/', async (request, reply) => {
    const { session } = webOf(request);
    return reply.redirect(!session ? '/log-ind' : session.role === 'citizen' ? '/mine-samtaler' : '/kalender', 303);
  });

  // ——— sign-in stand-in ———
  app.get('/log-ind', async (request, reply) => {
    const web = webOf(request);
    const expired = (request.query as Record<string, string>).udloebet
      ? { kind: 'info' as const, text: web.ctx.t.signedOutText }
      : undefined;
    return sendPage(reply, signInPage({ ...web.ctx, role: undefined }, devLogin, expired, devCitizens()));
  });
  app.post('/log-ind', async (request, reply) => {
    const web = webOf(request);
    const token = field(request, 'token').trim();
    const session = sessionOf(token);
    if (!session)
      return sendPage(
        reply.code(400),
        signInPage({ ...web.ctx, role: undefined }, devLogin, {
          kind: 'error',
          text: problemMessage(web.lang, 'http-401', 401),
        }),
      );
    return signIn(reply, session);
  });
  app.post('/log-ind/dev', async (request, reply) => {
    const web = webOf(request);
    if (!minter) return sendPage(reply.code(404), layout(web.ctx, web.ctx.t.notFoundTitle, html('')));
    const role = field(request, 'role');
    const citizenId = field(request, 'citizenId').trim() || field(request, 'citizenPick');
    const jobcenterCode = field(request, 'jobcenterCode').trim();
    const akasseId = field(request, 'akasseId').trim();
    const valid =
      (role === 'citizen' && UUID.test(citizenId)) ||
      (role === 'caseworker' && /^\d{5}$/.test(jobcenterCode)) ||
      (role === 'akasse' && /^[a-z0-9-]{1,20}$/i.test(akasseId));
    if (!valid)
      return sendPage(
        reply.code(400),
        signInPage({ ...web.ctx, role: undefined }, devLogin, {
          kind: 'error',
          text: problemMessage(web.lang, 'http-400', 400),
        }),
      );
    const token = await minter.mint(
      role === 'citizen'
        ? { role, citizenId }
        : role === 'caseworker'
          ? { role, jobcenterCode }
          : { role: 'akasse', akasseId },
    );
    return signIn(reply, sessionOf(token)!);
  });
  app.post('/log-ud', async (_request, reply) => {
    reply.header('set-cookie', cookie(TOKEN_COOKIE, '', { secure, maxAgeS: 0 }));
    return reply.redirect('/log-ind', 303);
  });

  function signIn(reply: FastifyReply, session: Session) {
    const maxAgeS = session.expiresAt ? Math.max(0, session.expiresAt - Math.floor(Date.now() / 1000)) : 3600;
    reply.header('set-cookie', cookie(TOKEN_COOKIE, session.token, { secure, maxAgeS }));
    return reply.redirect(session.role === 'citizen' ? '/mine-samtaler' : '/kalender', 303);
  }

  // ——— citizen ———
  app.get('/mine-samtaler', async (request, reply) => {
    const web = citizen(request, reply);
    if (!web) return reply;
    const id = web.session!.citizenId!;
    const [deadlines, schedule, bookings] = await Promise.all([
      web.api!.get<CitizenDeadlines>('deadline', `/v1/citizens/${id}/deadlines`),
      web.api!.get<ScheduleView>('schedule', `/v1/citizens/${id}/schedule`).catch((error) => {
        if (error instanceof ApiProblem && error.status === 404) return undefined;
        throw error;
      }),
      web.api!.get<{ items: BookingView[] }>('booking', `/v1/bookings?status=BOOKED&limit=50`),
    ]);
    return sendPage(
      reply,
      myMeetingsPage(web.ctx, { deadlines, schedule, bookings: bookings.items }, okNotice(request, web)),
    );
  });

  app.get('/frister/:deadlineId/tider', async (request, reply) => {
    const web = citizen(request, reply);
    if (!web) return reply;
    const deadlineId = uuidParam(request, 'deadlineId');
    const q = request.query as Record<string, string | undefined>;
    const search = {
      deadlineId,
      date: q.date && LOCAL_DATE.test(q.date) ? q.date : undefined,
      format: ['IN_PERSON', 'PHONE', 'VIDEO'].includes(q.format ?? '') ? q.format : undefined,
      location: q.location?.trim().slice(0, 100) || undefined,
      rebook: q.ombook && UUID.test(q.ombook) ? q.ombook : undefined,
    };
    const slots = await searchSlots(web.api!, deadlineId, {
      from: search.date ? fromDate(search.date) : undefined,
      format: search.format,
      location: search.location,
      limit: 20,
    });
    return sendPage(reply, slotSearchPage(web.ctx, search, slots));
  });

  app.get('/frister/:deadlineId/bekraeft', async (request, reply) => {
    const web = citizen(request, reply);
    if (!web) return reply;
    const deadlineId = uuidParam(request, 'deadlineId');
    const q = request.query as Record<string, string | undefined>;
    const [slotId, startsAt] = (q.slot ?? '').split('|');
    if (!UUID.test(slotId ?? '') || Number.isNaN(Date.parse(startsAt ?? '')))
      throw new ApiProblem(400, 'http-400', 'choose a time');
    const [slots, deadlines] = await Promise.all([
      searchSlots(web.api!, deadlineId, { from: new Date(startsAt).toISOString(), limit: 10 }),
      web.api!.get<CitizenDeadlines>('deadline', `/v1/citizens/${web.session!.citizenId}/deadlines`),
    ]);
    const slot = slots.find((s) => s.id === slotId);
    if (!slot) throw new ApiProblem(409, 'slot-withdrawn', 'the time is no longer free');
    const deadline = deadlines.deadlines.find((d) => d.deadlineId === deadlineId);
    if (!deadline) throw new ApiProblem(404, 'deadline-not-found', 'no such deadline');
    let rebook: { id: string; etag: string } | undefined;
    if (q.ombook && UUID.test(q.ombook)) {
      const answer = await web.api!.call<BookingView>('booking', 'GET', `/v1/bookings/${q.ombook}`);
      rebook = { id: q.ombook, etag: answer.etag ?? '' };
    }
    return sendPage(
      reply,
      confirmPage(web.ctx, {
        slot,
        deadlineId,
        conversationType: deadline.conversationType,
        format: q.format,
        rebook,
        idempotencyKey: randomUUID(),
      }),
    );
  });

  app.post('/bookinger', async (request, reply) => {
    const web = citizen(request, reply);
    if (!web) return reply;
    const key = field(request, 'idempotencyKey');
    const answer = await web.api!.call<BookingView>(
      'booking',
      'POST',
      '/v1/bookings',
      {
        slotId: uuidField(request, 'slotId'),
        deadlineId: uuidField(request, 'deadlineId'),
        format: formatField(request),
      },
      UUID.test(key) ? { 'idempotency-key': key } : {},
    );
    return reply.redirect(`/bookinger/${answer.body.id}?ok=booked`, 303);
  });

  app.get('/bookinger/:bookingId', async (request, reply) => {
    const web = citizen(request, reply);
    if (!web) return reply;
    const booking = await web.api!.get<BookingView>('booking', `/v1/bookings/${uuidParam(request, 'bookingId')}`);
    return sendPage(reply, receiptPage(web.ctx, booking, okNotice(request, web)));
  });

  app.get('/bookinger/:bookingId/kalender.ics', async (request, reply) => {
    const web = citizen(request, reply);
    if (!web) return reply;
    const booking = await web.api!.get<BookingView>('booking', `/v1/bookings/${uuidParam(request, 'bookingId')}`);
    reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="selvbook-${booking.id}.ics"`)
      .header('cache-control', 'no-store');
    return bookingIcs(booking, conversationTypeName(web.lang, booking.conversationType), new Date());
  });

  app.post('/bookinger/:bookingId/ombook', async (request, reply) => {
    const web = citizen(request, reply);
    if (!web) return reply;
    const etag = field(request, 'etag');
    const answer = await web.api!.call<BookingView>(
      'booking',
      'POST',
      `/v1/bookings/${uuidParam(request, 'bookingId')}/rebook`,
      { slotId: uuidField(request, 'slotId'), format: formatField(request) },
      etag ? { 'if-match': etag } : {},
    );
    return reply.redirect(`/bookinger/${answer.body.id}?ok=rebooked`, 303);
  });

  app.get('/bookinger/:bookingId/afbud', async (request, reply) => {
    const web = citizen(request, reply);
    if (!web) return reply;
    const answer = await web.api!.call<BookingView>(
      'booking',
      'GET',
      `/v1/bookings/${uuidParam(request, 'bookingId')}`,
    );
    return sendPage(reply, cancelPage(web.ctx, answer.body, answer.etag ?? ''));
  });

  app.post('/bookinger/:bookingId/afbud', async (request, reply) => {
    const web = citizen(request, reply);
    if (!web) return reply;
    const id = uuidParam(request, 'bookingId');
    const reason = field(request, 'legitimateReason');
    const etag = field(request, 'etag');
    try {
      await web.api!.call<BookingView>(
        'booking',
        'POST',
        `/v1/bookings/${id}/cancel`,
        { reason: 'CITIZEN_CANCELLED', ...(reason ? { legitimateReason: reason } : {}) },
        etag ? { 'if-match': etag } : {},
      );
    } catch (error) {
      // a refusal (the lead-time policy) is shown on the same page, in plain language, with the meeting kept
      if (!isRefusal(error)) throw error;
      return refusedOnBookingPage(web, reply, id, error, cancelPage);
    }
    return reply.redirect(`/mine-samtaler?ok=cancelled`, 303);
  });

  // ——— caseworker and a-kasse staff ———
  app.get('/kalender', async (request, reply) => {
    const web = staff(request, reply);
    if (!web) return reply;
    let calendars: CalendarView[] | undefined;
    try {
      calendars = (await web.api!.get<{ items: CalendarView[] }>('booking', '/v1/calendars')).items;
    } catch (error) {
      // the list cannot be had (the booking service busy or away): the page still opens a calendar by its id
      if (!(error instanceof ApiProblem) || error.status === 401) throw error;
    }
    return sendPage(reply, calendarsPage(web.ctx, calendars, okNotice(request, web)));
  });
  app.get('/kalender/aaben', async (request, reply) => {
    const id = (request.query as Record<string, string>).calendarId?.trim() ?? '';
    if (!UUID.test(id)) throw Object.assign(new Error('not a calendar id'), { statusCode: 400 });
    return reply.redirect(`/kalender/${id}`, 303);
  });
  app.get('/kalender/lukkedage', async (request, reply) => {
    const web = staff(request, reply);
    if (!web) return reply;
    return sendPage(reply, closingDaysPage(web.ctx));
  });
  app.post('/kalender/lukkedage', async (request, reply) => {
    const web = staff(request, reply);
    if (!web) return reply;
    const closingDays = field(request, 'closingDays').split(/\s+/).filter(Boolean);
    await web.api!.call('booking', 'PUT', '/v1/organisation/closing-days', { closingDays });
    return reply.redirect('/kalender?ok=closing', 303);
  });

  app.get('/kalender/:calendarId', async (request, reply) => {
    const web = staff(request, reply);
    if (!web) return reply;
    const calendarId = uuidParam(request, 'calendarId');
    const q = request.query as Record<string, string | undefined>;
    const monday = mondayOf(q.uge && LOCAL_DATE.test(q.uge) ? q.uge : today());
    let slots: CalendarSlotView[] | undefined;
    try {
      // the whole week, past hours included: today's started meetings are where attendance is registered
      const from = startOfDay(monday);
      const to = startOfDay(new Date(Date.parse(`${monday}T12:00:00Z`) + 7 * 86400000).toISOString().slice(0, 10));
      slots = (
        await web.api!.get<{ items: CalendarSlotView[] }>(
          'booking',
          `/v1/calendars/${calendarId}/slots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        )
      ).items;
    } catch (error) {
      // an unknown calendar is said so; when the read model cannot be had (the booking service busy or away),
      // the page says so and still offers publishing and booking on behalf
      if (
        !(error instanceof ApiProblem) ||
        error.status === 401 ||
        error.status === 403 ||
        error.code === 'calendar-not-found'
      )
        throw error;
    }
    return sendPage(
      reply,
      weekPage(web.ctx, calendarId, monday, slots, okNotice(request, web), {
        refreshSeconds: config.WEB_WEEK_REFRESH_SECONDS,
      }),
    );
  });

  app.get('/kalender/:calendarId/udbud', async (request, reply) => {
    const web = staff(request, reply);
    if (!web) return reply;
    return sendPage(reply, publishPage(web.ctx, uuidParam(request, 'calendarId'), today()));
  });
  app.post('/kalender/:calendarId/udbud', async (request, reply) => {
    const web = staff(request, reply);
    if (!web) return reply;
    const calendarId = uuidParam(request, 'calendarId');
    const list = (name: string) => {
      const value = (request.body as Form)[name];
      return value === undefined ? [] : Array.isArray(value) ? value : [value];
    };
    const opens = field(request, 'opens');
    const closes = field(request, 'closes');
    const from = field(request, 'from');
    try {
      const result = await web.api!.call<{ created: number }>(
        'booking',
        'POST',
        `/v1/calendars/${calendarId}/slots/generate`,
        {
          from,
          to: field(request, 'to'),
          periods: list('weekday').map((weekday) => ({ weekday: Number(weekday), opens, closes })),
          slotMinutes: Number(field(request, 'slotMinutes')),
          gapMinutes: Number(field(request, 'gapMinutes') || 0),
          conversationTypes: list('conversationType').map(Number),
          formats: list('format'),
          capacity: Number(field(request, 'capacity')),
        },
      );
      return reply.redirect(
        `/kalender/${calendarId}?uge=${LOCAL_DATE.test(from) ? from : today()}&udbudt=${result.body.created}`,
        303,
      );
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return sendPage(reply.code(error.status), publishPage(web.ctx, calendarId, today(), problemNotice(web, error)));
    }
  });

  app.get('/kalender/:calendarId/book', async (request, reply) => {
    const web = staff(request, reply);
    if (!web) return reply;
    const calendarId = uuidParam(request, 'calendarId');
    const q = request.query as Record<string, string | undefined>;
    const date = q.date && LOCAL_DATE.test(q.date) ? q.date : today();
    const page = await web.api!.get<{ items: SlotView[] }>(
      'booking',
      `/v1/slots?from=${encodeURIComponent(fromDate(date))}&limit=20`,
    );
    return sendPage(
      reply,
      bookOnBehalfPage(
        web.ctx,
        calendarId,
        date,
        page.items.filter((s) => s.calendarId === calendarId),
      ),
    );
  });
  app.post('/kalender/:calendarId/book', async (request, reply) => {
    const web = staff(request, reply);
    if (!web) return reply;
    const answer = await web.api!.call<BookingView>('booking', 'POST', '/v1/bookings', {
      slotId: uuidField(request, 'slotId'),
      citizenId: uuidField(request, 'citizenId'),
      conversationType: Number(field(request, 'conversationType')),
      format: formatField(request),
    });
    return reply.redirect(`/sag/bookinger/${answer.body.id}?ok=booked`, 303);
  });

  app.get('/sag/bookinger/:bookingId', async (request, reply) => {
    const web = staff(request, reply);
    if (!web) return reply;
    const answer = await web.api!.call<BookingView>(
      'booking',
      'GET',
      `/v1/bookings/${uuidParam(request, 'bookingId')}`,
    );
    return sendPage(reply, staffBookingPage(web.ctx, answer.body, answer.etag ?? '', okNotice(request, web)));
  });
  app.post('/sag/bookinger/:bookingId/fremmoede', async (request, reply) => {
    const web = staff(request, reply);
    if (!web) return reply;
    const id = uuidParam(request, 'bookingId');
    const outcome = field(request, 'outcome') === 'NO_SHOW' ? 'NO_SHOW' : 'HELD';
    const etag = field(request, 'etag');
    try {
      await web.api!.call(
        'booking',
        'POST',
        `/v1/bookings/${id}/attendance`,
        { outcome },
        etag ? { 'if-match': etag } : {},
      );
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return refusedOnBookingPage(web, reply, id, error, staffBookingPage);
    }
    return reply.redirect(`/sag/bookinger/${id}?ok=attendance`, 303);
  });

  return app;
}

function webOf(request: FastifyRequest): Request {
  return (request as FastifyRequest & { web: Request }).web;
}

/** A page for citizens only: a visitor without a session signs in first; staff are refused. */
function citizen(request: FastifyRequest, reply: FastifyReply): Request | undefined {
  return signedIn(request, reply, (session) => session.role === 'citizen' && !!session.citizenId);
}

/** A page for caseworkers and a-kasse staff: a visitor without a session signs in first; citizens are refused. */
function staff(request: FastifyRequest, reply: FastifyReply): Request | undefined {
  return signedIn(request, reply, (session) => session.role !== 'citizen');
}

function signedIn(
  request: FastifyRequest,
  reply: FastifyReply,
  allowed: (session: Session) => boolean,
): Request | undefined {
  const web = webOf(request);
  if (!web.session) {
    reply.redirect('/log-ind', 303);
    return undefined;
  }
  if (!allowed(web.session)) {
    sendPage(
      reply.code(403),
      layout(web.ctx, web.ctx.t.errorTitle, html(''), { notice: { kind: 'error', text: web.ctx.t.wrongRole } }),
    );
    return undefined;
  }
  return web;
}

function okNotice(request: FastifyRequest, web: Request): Notice | undefined {
  const q = request.query as Record<string, string | undefined>;
  if (q.udbudt && /^\d{1,5}$/.test(q.udbudt)) return { kind: 'success', text: web.ctx.t.published(Number(q.udbudt)) };
  const key = OK_NOTICES[q.ok as keyof typeof OK_NOTICES];
  return key ? { kind: 'success', text: web.ctx.t[key] } : undefined;
}

/** A service's refusal of a form (a 4xx but an expired session), shown on the form's page instead of an error page. */
function isRefusal(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem && error.status !== 401 && error.status < 500;
}

function problemNotice(web: Request, error: ApiProblem): Notice {
  return { kind: 'error', text: problemMessage(web.lang, error.code, error.status) };
}

/** A refused change to a booking: the booking's page again, as the booking now is, saying why. */
async function refusedOnBookingPage(
  web: Request,
  reply: FastifyReply,
  bookingId: string,
  error: ApiProblem,
  page: (ctx: PageContext, booking: BookingView, etag: string, notice: Notice) => string,
): Promise<FastifyReply> {
  const answer = await web.api!.call<BookingView>('booking', 'GET', `/v1/bookings/${bookingId}`);
  return sendPage(reply.code(error.status), page(web.ctx, answer.body, answer.etag ?? '', problemNotice(web, error)));
}

function sendPage(reply: FastifyReply, page: string): FastifyReply {
  return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
}

/** A plain-text page body (a message, or nothing), escaped. */
function html(text: string): Html {
  return new Html(escapeHtml(text));
}

function field(request: FastifyRequest, name: string): string {
  const value = (request.body as Form | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

function uuidField(request: FastifyRequest, name: string): string {
  const value = field(request, name).trim();
  if (!UUID.test(value)) throw new ApiProblem(400, 'http-400', `${name} must be an id`);
  return value;
}

function formatField(request: FastifyRequest): string | undefined {
  const value = field(request, 'format');
  return ['IN_PERSON', 'PHONE', 'VIDEO'].includes(value) ? value : undefined;
}

function uuidParam(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, string>)[name];
  if (!UUID.test(value)) throw Object.assign(new Error('not found'), { statusCode: 404 });
  return value;
}

/** The start of a Copenhagen day, as an instant (the offset is +01:00 or +02:00: this takes the earlier). */
function startOfDay(localDate: string): string {
  return new Date(`${localDate}T00:00:00+02:00`).toISOString();
}

/** Where a search for free times starts: that day, but never before now. */
function fromDate(localDate: string): string {
  return new Date(Math.max(Date.parse(startOfDay(localDate)), Date.now())).toISOString();
}

async function searchSlots(
  api: ApiClient,
  deadlineId: string,
  q: { from?: string; format?: string; location?: string; limit: number },
): Promise<SlotView[]> {
  const params = new URLSearchParams({ deadlineId, limit: String(q.limit) });
  if (q.from) params.set('from', q.from);
  if (q.format) params.set('format', q.format);
  if (q.location) params.set('location', q.location);
  return (await api.get<{ items: SlotView[] }>('booking', `/v1/slots?${params}`)).items;
}
