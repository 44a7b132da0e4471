/**
 * The web front in a real browser (Debian's chromium through playwright-core) against the real services as
 * processes — schedule, deadline and booking over embedded PostgreSQL and the Kafka mock broker — and the web
 * app itself as a process. Every page and state is checked with axe-core (0 serious or critical violations);
 * the citizen's booking is completed with the keyboard only, at 320 px width; each step is screenshotted.
 */
import { addDays, endOfLocalDay, localDateOf } from '@selvbook/calendar';
import {
  akasseTopic,
  CitizenRegisteredEvent,
  ContactGroup,
  createEvent,
  dlqTopic,
  INTERNAL_TOPICS,
  jobcenterTopic,
  Language,
  Topics,
} from '@selvbook/contracts';
import {
  createTestDatabase,
  eventually,
  freePort,
  KafkaMockCluster,
  mintDevToken,
  ServiceProcess,
} from '@selvbook/testing';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { e2eServiceEnv } from '../../../tools/e2e/e2e-services';
import { anchorsOpeningToday } from '../../../tools/demo/seed';

const JOBCENTER = '10101';
const AKASSE = '3f';
const APPS = ['schedule-service', 'deadline-service', 'booking-service'] as const;
type App = (typeof APPS)[number];
const SHOTS = process.env.SELVBOOK_WEB_SCREENSHOTS ?? join(process.env.TMPDIR ?? tmpdir(), 'selvbook-web-screenshots');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

describe('Selvbook web in a browser: citizen and caseworker, accessible', () => {
  let cluster: KafkaMockCluster;
  let producer: Producer;
  const services = {} as Record<App, ServiceProcess>;
  let web: ServiceProcess;
  let base: string;
  let browser: Browser;
  let system: string;
  let calendarId: string;
  let step = 0;
  const consoleErrors: string[] = [];
  /** every axe result, page by page, for the report: rule id and impact */
  const axeLog: { page: string; violations: { id: string; impact: string | null; nodes: number }[] }[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    console.log(`web screenshots: ${SHOTS}`);
    cluster = KafkaMockCluster.start();
    for (const topic of [...INTERNAL_TOPICS, jobcenterTopic(JOBCENTER), akasseTopic(AKASSE)]) {
      cluster.createTopic(topic, 1);
      cluster.createTopic(dlqTopic(topic), 1);
    }
    for (const app of APPS) {
      services[app] = new ServiceProcess({
        app,
        env: await e2eServiceEnv(
          await createTestDatabase(`web_${app.replace('-service', '')}`),
          cluster.bootstrapServers,
        ),
        onLine: (line, stream) =>
          (stream === 'stderr' || process.env.E2E_LOGS) && process.stderr.write(`[${app}] ${line}\n`),
      }).start();
    }
    const url = (app: App) => `http://127.0.0.1:${services[app].port}`;
    web = new ServiceProcess({
      app: 'web',
      // the week view looks for changes every 2 s here (30 s by default)
      env: {
        PORT: String(await freePort()),
        SCHEDULE_URL: url('schedule-service'),
        DEADLINE_URL: url('deadline-service'),
        BOOKING_URL: url('booking-service'),
        WEB_DEV_LOGIN: 'true',
        WEB_WEEK_REFRESH_SECONDS: '2',
        LOG_LEVEL: 'warn',
      },
      onLine: (line, stream) =>
        (stream === 'stderr' || process.env.E2E_LOGS) && process.stderr.write(`[web] ${line}\n`),
    }).start();
    base = `http://127.0.0.1:${web.port}`;
    producer = new Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    });
    await Promise.all([...APPS.map((app) => services[app].waitReady(90000)), web.waitReady(90000)]);
    system = await mintDevToken({ role: 'system' });
    // The calendar itself is created over the API (the web has no page for it); its slots are published in the browser.
    const caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: JOBCENTER });
    const created = await api<{ id: string }>('booking-service', 'POST', '/v1/calendars', caseworker, {
      name: 'Team Vesterbro',
      defaultLocation: 'Vesterbrogade 1, København',
    });
    calendarId = created.id;
  }, 180000);

  afterAll(async () => {
    const violations = (p: (typeof axeLog)[number]) =>
      p.violations.length === 0
        ? 'no violations'
        : p.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes})`).join(', ');
    console.log(
      `axe results (every page and state):\n${axeLog.map((p) => `  ${p.page}: ${violations(p)}`).join('\n')}`,
    );
    await browser?.close();
    await producer?.disconnect();
    await web?.stop();
    await Promise.all(APPS.map((app) => services[app]?.stop()));
    cluster?.stop();
  }, 60000);

  async function api<T>(app: App, method: string, path: string, token: string, body?: unknown): Promise<T> {
    const response = await fetch(`http://127.0.0.1:${services[app].port}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A dagpenge citizen registered by the jobcenter system, whose self-booking deadline opens today. */
  async function registeredCitizen(
    citizenId: string = randomUUID(),
    registeredAt = new Date(),
    anchorDate?: string,
  ): Promise<{ citizenId: string; deadlineId: string; deadlineDate: string; anchorDate: string }> {
    const anchor = anchorDate ?? anchorsOpeningToday(ContactGroup.UNEMPLOYMENT_BENEFIT, localDateOf(registeredAt))[0];
    const event = createEvent(
      CitizenRegisteredEvent,
      {
        citizenId,
        jobcenterCode: JOBCENTER,
        akasseId: AKASSE,
        contactGroup: ContactGroup.UNEMPLOYMENT_BENEFIT,
        birthDate: '1980-02-02',
        registeredAt: registeredAt.toISOString(),
        anchorDate: anchor,
        contact: { email: 'borger@example.dk', digitalPostEnabled: true, language: Language.DA },
      },
      { subject: citizenId, source: 'jobcenter-system' },
    );
    await producer.send({ topic: Topics.citizen, messages: [{ key: citizenId, value: JSON.stringify(event) }] });
    const open = await eventually(
      async () => {
        const view = await api<{ deadlines: { deadlineId: string; status: string; deadlineDate: string }[] }>(
          'deadline-service',
          'GET',
          `/v1/citizens/${citizenId}/deadlines`,
          system,
        );
        const found = view.deadlines.find((d) => d.status === 'open');
        if (!found) throw new Error('no open deadline yet');
        return found;
      },
      { timeoutMs: 60000, intervalMs: 300 },
    );
    return { citizenId, deadlineId: open.deadlineId, deadlineDate: open.deadlineDate, anchorDate: anchor };
  }

  async function newPage(width: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'da-DK' });
    const page = await context.newPage();
    // a script or stylesheet the Content-Security-Policy refuses, or any other console error, fails the step
    // (a refused form answers 4xx on purpose: the document's own status is not an error here, a missing asset is)
    page.on(
      'console',
      (message) =>
        message.type() === 'error' &&
        !message.text().startsWith('Failed to load resource') &&
        consoleErrors.push(`${page.url()}: ${message.text()}`),
    );
    page.on(
      'response',
      (response) =>
        response.request().resourceType() !== 'document' &&
        response.status() >= 400 &&
        consoleErrors.push(`${response.url()}: ${response.status()}`),
    );
    return { context, page };
  }

  /** axe-core on the page as it is now: 0 serious or critical violations; a screenshot of the step. */
  async function check(page: Page, name: string): Promise<void> {
    step++;
    await page.screenshot({ path: join(SHOTS, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
    await page.evaluate(AXE_SOURCE);
    // browser-side code as a string: this project compiles without the DOM library
    const violations = (await page.evaluate(`axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))`)) as {
      id: string;
      impact: string | null;
      nodes: number;
    }[];
    axeLog.push({ page: name, violations });
    expect(consoleErrors).toEqual([]);
    expect({
      page: name,
      serious: violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    }).toEqual({ page: name, serious: [] });
    expect(await page.getAttribute('html', 'lang')).toMatch(/^(da|en)$/);
  }

  /** Keyboard only: Tab until the element matching `selector` has focus (fails if it is never reached). */
  async function tabTo(page: Page, selector: string): Promise<void> {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
    }
    throw new Error(`${selector} cannot be reached with Tab`);
  }

  async function fitsWidth(page: Page, width: number): Promise<void> {
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
  }

  async function signInAs(page: Page, role: 'citizen' | 'caseworker', id: string): Promise<void> {
    await page.goto(`${base}/log-ind`);
    await page.selectOption('#role', role);
    await page.fill(role === 'citizen' ? '#citizenId' : '#jobcenterCode', id);
    await page.click('form[action="/log-ind/dev"] button[type=submit]');
  }

  it('a caseworker publishes slots from a weekly template and sets closing days in the browser', async () => {
    const { context, page } = await newPage(1280);
    await page.goto(`${base}/log-ind`);
    await check(page, 'sign-in');
    await signInAs(page, 'caseworker', JOBCENTER);
    await page.waitForURL(`${base}/kalender`);
    await check(page, 'caseworker-calendars');
    await page.fill('#calendarId', calendarId);
    await page.click('form[action="/kalender/aaben"] button');
    await page.waitForURL(new RegExp(`/kalender/${calendarId}`));
    await check(page, 'caseworker-week-before');
    await page.goto(`${base}/kalender/${calendarId}/udbud`);
    await check(page, 'caseworker-publish-form');
    await page.check('#type-4');
    await page.check('#type-17');
    await page.click('form[action$="/udbud"] button[type=submit]');
    await page.waitForURL(/udbudt=\d+/);
    const published = Number(new URL(page.url()).searchParams.get('udbudt'));
    expect(published).toBeGreaterThan(20); // 10 weekdays × 6 half-hours, less any holiday
    await expect(page.locator('.notice[role=status]').textContent()).resolves.toContain(`${published} tider er udbudt`);
    await check(page, 'caseworker-week-published');
    // closing days (lukkedage): a day far ahead, so no slot of the other tests is on it
    await page.goto(`${base}/kalender/lukkedage`);
    await check(page, 'caseworker-closing-days-form');
    await page.fill('#closingDays', addDays(localDateOf(new Date()), 200));
    await page.click('form[action="/kalender/lukkedage"] button[type=submit]');
    await page.waitForURL(/ok=closing/);
    expect(await page.textContent('[role=status]')).toContain('Lukkedagene er gemt.');
    await check(page, 'caseworker-closing-days-saved');
    await context.close();
  }, 120000);

  it('a-kasse staff publish slots in their own calendar the same way', async () => {
    const akasse = await mintDevToken({ role: 'akasse', akasseId: AKASSE });
    const own = await api<{ id: string }>('booking-service', 'POST', '/v1/calendars', akasse, {
      name: '3F rådighed',
      defaultLocation: 'Kampmannsgade 4, København',
    });
    const { context, page } = await newPage(1280);
    await page.goto(`${base}/log-ind`);
    await page.selectOption('#role', 'akasse');
    await page.fill('#akasseId', AKASSE);
    await page.click('form[action="/log-ind/dev"] button[type=submit]');
    await page.waitForURL(`${base}/kalender`);
    await page.goto(`${base}/kalender/${own.id}/udbud`);
    await page.uncheck('#type-7');
    await page.check('#type-15');
    await page.click('form[action$="/udbud"] button[type=submit]');
    await page.waitForURL(/udbudt=\d+/);
    expect(Number(new URL(page.url()).searchParams.get('udbudt'))).toBeGreaterThan(20);
    await check(page, 'akasse-week-published');
    // another organisation's calendar is refused, in plain language
    await page.goto(`${base}/kalender/${calendarId}/udbud`);
    await page.click('form[action$="/udbud"] button[type=submit]');
    expect(await page.textContent('[role=alert]')).toContain('Det hører til en anden organisation end din.');
    await check(page, 'akasse-other-calendar-refused');
    await context.close();
  }, 120000);

  it('a citizen books with the keyboard only at 320 px, gets the receipt and .ics, rebooks and cancels', async () => {
    const { citizenId } = await registeredCitizen();
    const { context, page } = await newPage(320);
    await signInAs(page, 'citizen', citizenId);
    await page.waitForURL(`${base}/mine-samtaler`);
    await check(page, 'citizen-my-meetings');
    await fitsWidth(page, 320);
    expect(await page.textContent('main')).toContain('Book senest');

    // keyboard only from here to the receipt
    await tabTo(page, 'a[href$="/tider"]');
    await Promise.all([page.waitForURL(/\/tider/), page.keyboard.press('Enter')]);
    await check(page, 'citizen-slot-search');
    await fitsWidth(page, 320);
    await tabTo(page, 'form[action$="/bekraeft"] button[type=submit]');
    await Promise.all([page.waitForURL(/\/bekraeft/), page.keyboard.press('Enter')]);
    await check(page, 'citizen-confirm');
    await fitsWidth(page, 320);
    await tabTo(page, 'form[action="/bookinger"] button[type=submit]');
    await Promise.all([page.waitForURL(/\/bookinger\/[0-9a-f-]{36}\?ok=booked/), page.keyboard.press('Enter')]);
    expect(await page.textContent('[role=status]')).toContain('Din samtale er booket.');
    await check(page, 'citizen-receipt');
    await fitsWidth(page, 320);
    const bookingId = /\/bookinger\/([0-9a-f-]{36})/.exec(page.url())![1];

    const ics = await context.request.get(`${base}/bookinger/${bookingId}/kalender.ics`);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    expect(await ics.text()).toMatch(/BEGIN:VCALENDAR[\s\S]*UID:[0-9a-f-]{36}@selvbook[\s\S]*DTSTART:\d{8}T\d{6}Z/);

    // rebook to the second free time
    await page.click('text=Ombook');
    await page.waitForURL(/ombook=/);
    await check(page, 'citizen-rebook-search');
    await page.check('#slot-1');
    await page.click('form[action$="/bekraeft"] button[type=submit]');
    await check(page, 'citizen-rebook-confirm');
    await page.click(`form[action="/bookinger/${bookingId}/ombook"] button[type=submit]`);
    await page.waitForURL(/ok=rebooked/);
    expect(await page.textContent('[role=status]')).toContain('Din samtale er ombooket.');
    await check(page, 'citizen-rebooked-receipt');
    const rebooked = /\/bookinger\/([0-9a-f-]{36})/.exec(page.url())![1];
    expect(rebooked).not.toBe(bookingId);

    // cancel with a reason
    await page.click('text=Meld afbud');
    await page.waitForURL(/\/afbud/);
    await check(page, 'citizen-cancel-form');
    await page.check('#reason-SICKNESS');
    await page.click('form[action$="/afbud"] button[type=submit]');
    await page.waitForURL(/mine-samtaler\?ok=cancelled/);
    expect(await page.textContent('[role=status]')).toContain('Din samtale er aflyst.');
    await check(page, 'citizen-cancelled');
    const after = await api<{ status: string; cancelReason: string; legitimateReason: string }>(
      'booking-service',
      'GET',
      `/v1/bookings/${rebooked}`,
      system,
    );
    expect(after).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'CITIZEN_CANCELLED',
      legitimateReason: 'SICKNESS',
    });

    // English is available
    await page.goto(`${base}/mine-samtaler?lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('My meetings');
    await check(page, 'citizen-my-meetings-en');
    await context.close();
  }, 120000);

  it("a caseworker's open week view when a citizen books: it says the week changed; the booking is there", async () => {
    const { citizenId, deadlineId } = await registeredCitizen();
    const citizenToken = await mintDevToken({ role: 'citizen', citizenId });
    // the time the citizen will take: the first one offered to them (a time free in the calendar published above)
    const slot = await eventually(
      async () => {
        const { items } = await api<{ items: { id: string; calendarId: string; startsAt: string; endsAt: string }[] }>(
          'booking-service',
          'GET',
          `/v1/slots?deadlineId=${deadlineId}&limit=1`,
          citizenToken,
        );
        if (!items[0]) throw new Error('no free time offered yet');
        return items[0];
      },
      { timeoutMs: 30000, intervalMs: 300 },
    );
    expect(slot.calendarId).toBe(calendarId);
    const time = (iso: string) =>
      new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit' }).format(
        new Date(iso),
      );
    const slotHeading = `${time(slot.startsAt)}–${time(slot.endsAt)}`;

    // the caseworker finds the calendar in the list of their jobcenter's calendars and opens the slot's week
    const { context, page } = await newPage(900);
    await signInAs(page, 'caseworker', JOBCENTER);
    await page.waitForURL(`${base}/kalender`);
    await page.click('a:text("Team Vesterbro")');
    await page.waitForURL(new RegExp(`/kalender/${calendarId}$`));
    const card = page.locator(`#slot-${slot.id}`);
    if (!(await card.count()))
      await page.goto(`${base}/kalender/${calendarId}?uge=${localDateOf(new Date(slot.startsAt))}`);
    expect(await card.locator('h3').textContent()).toBe(`${slotHeading} · Ledig`);
    expect(await page.textContent('#week-status')).toBe('');
    await check(page, 'caseworker-week-open');

    // the citizen books that time (the booking REST API, as the citizen's pages do)
    const booking = await api<{ id: string }>('booking-service', 'POST', '/v1/bookings', citizenToken, {
      slotId: slot.id,
      deadlineId,
    });

    // without a reload the page says the week changed (a polite status message with a link); the list is left as it is
    await page.waitForSelector('#week-status a.week-refresh', { timeout: 15000 });
    expect(await page.textContent('#week-status')).toContain('Der er kommet ændringer i ugen');
    expect(await card.locator('h3').textContent()).toBe(`${slotHeading} · Ledig`);
    await check(page, 'caseworker-week-changed');
    await Promise.all([page.waitForNavigation(), page.click('#week-status a.week-refresh')]);
    expect(await card.locator('h3').textContent()).toBe(`${slotHeading} · Booket`);
    expect(await card.getAttribute('class')).toBe('slot-booked');
    expect(await card.textContent()).toContain(`Borger ${citizenId}: Jobsamtale`);
    expect(await card.textContent()).toContain('(booket af borgeren)');
    expect(await card.locator(`a[href="/sag/bookinger/${booking.id}"]`).count()).toBe(1);
    expect(await page.textContent('#week-status')).toBe('');
    await check(page, 'caseworker-week-booking-appeared');
    // the README's screenshot of the week view: this page as the caseworker sees it, from the read model
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'readme-caseworker-week.png') });
    // the web front's /metrics saw it: the week view's requests by route template, its calls to the booking service
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const sample = (series: string) =>
      Number(
        metrics
          .split('\n')
          .find((line) => line.startsWith(`${series} `))
          ?.split(' ')[1] ?? 0,
      );
    // opened, looked at by the script at least once, reloaded
    expect(
      sample('selvbook_http_requests_total{route="/kalender/:calendarId",method="GET",status_class="2xx"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample('selvbook_web_api_call_duration_seconds_count{service="booking",status_class="2xx"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(metrics).not.toContain(citizenId);
    await context.close();
  }, 120000);

  it('a POST without the form token is refused (CSRF)', async () => {
    const response = await fetch(`${base}/log-ind`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=x',
    });
    expect(response.status).toBe(403);
  });

  it('caseworker books for a citizen; too late to cancel, the citizen is told plainly; then attendance', async () => {
    const { citizenId } = await registeredCitizen();
    const { context, page } = await newPage(1280);
    await signInAs(page, 'caseworker', JOBCENTER);
    await page.waitForURL(`${base}/kalender`);
    await page.goto(`${base}/kalender/${calendarId}/book`);
    await check(page, 'caseworker-book-on-behalf');
    await page.fill('#citizen-0', citizenId);
    await page.selectOption('#type-0', '7');
    await page.click('li:first-child form[action$="/book"] button[type=submit]');
    await page.waitForURL(/\/sag\/bookinger\/[0-9a-f-]{36}\?ok=booked/);
    await check(page, 'caseworker-booking');
    const bookingId = /\/sag\/bookinger\/([0-9a-f-]{36})/.exec(page.url())![1];
    const booking = await api<{ startsAt: string; citizenId: string; selfBooked: boolean }>(
      'booking-service',
      'GET',
      `/v1/bookings/${bookingId}`,
      system,
    );
    expect(booking).toMatchObject({ citizenId, selfBooked: false });

    // too early: the API's refusal is shown in plain language
    await page.click('button[value=HELD]');
    expect(await page.textContent('[role=alert]')).toContain(
      'Fremmøde kan først registreres, når samtalen er begyndt.',
    );
    await check(page, 'caseworker-attendance-too-early');

    // half an hour before the meeting the citizen may no longer cancel (lead-time policy, 120 minutes by default):
    // the API's problem+json becomes a plain-language message and the meeting stays booked
    // (the booking service's clock moves: CLOCK_CONTROL in the test harness only)
    await api('booking-service', 'POST', '/v1/admin/clock', system, {
      setTo: new Date(Date.parse(booking.startsAt) - 30 * 60000).toISOString(),
    });
    const asCitizen = await newPage(320);
    await signInAs(asCitizen.page, 'citizen', citizenId);
    await asCitizen.page.waitForURL(`${base}/mine-samtaler`);
    await asCitizen.page.goto(`${base}/bookinger/${bookingId}/afbud`);
    await asCitizen.page.click('form[action$="/afbud"] button[type=submit]');
    expect(await asCitizen.page.textContent('[role=alert]')).toContain(
      'Det er for sent at ændre eller booke denne samtale.',
    );
    await check(asCitizen.page, 'citizen-cancel-too-late');
    await asCitizen.context.close();
    expect(await api<{ status: string }>('booking-service', 'GET', `/v1/bookings/${bookingId}`, system)).toMatchObject({
      status: 'BOOKED',
    });

    await api('booking-service', 'POST', '/v1/admin/clock', system, {
      setTo: new Date(Date.parse(booking.startsAt) + 60000).toISOString(),
    });
    await page.goto(`${base}/sag/bookinger/${bookingId}`);
    await page.click('button[value=HELD]');
    await page.waitForURL(/ok=attendance/);
    expect(await page.textContent('[role=status]')).toContain('Fremmødet er registreret.');
    expect(await page.textContent('dl')).toContain('Afholdt');
    await check(page, 'caseworker-attendance-registered');
    await context.close();
  }, 120000);

  // Last: it moves every service's clock past a deadline.
  it('straksbooking: a citizen who missed a deadline and registered again is told to book at once; books', async () => {
    const first = await registeredCitizen();
    // the deadline passes unmet: every service's clock to half an hour after its last day, then the expiry run
    const after = new Date(endOfLocalDay(first.deadlineDate).getTime() + 30 * 60000);
    for (const app of APPS) await api(app, 'POST', '/v1/admin/clock', system, { setTo: after.toISOString() });
    await api('deadline-service', 'POST', '/v1/admin/expiry-runs', system, {});
    // slots for the weeks after it (the booking service's clock is there now)
    const caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: JOBCENTER });
    const from = addDays(first.deadlineDate, 1);
    await api('booking-service', 'POST', `/v1/calendars/${calendarId}/slots/generate`, caseworker, {
      from,
      to: addDays(from, 30),
      periods: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '10:00', closes: '12:00' })),
      slotMinutes: 30,
      conversationTypes: [4, 7, 17],
      formats: ['IN_PERSON', 'PHONE'],
      capacity: 1,
    });
    const immediateBookingRequiredIs = (required: boolean) =>
      eventually(
        async () => {
          const view = await api<{ immediateBookingRequired: boolean }>(
            'deadline-service',
            'GET',
            `/v1/citizens/${first.citizenId}/deadlines`,
            system,
          );
          expect(view.immediateBookingRequired).toBe(required);
        },
        { timeoutMs: 30000, intervalMs: 300 },
      );
    // registered again (the jobcenter system), the citizen gets a new deadline and the immediate-booking flag
    await registeredCitizen(first.citizenId, after, first.anchorDate);
    await immediateBookingRequiredIs(true);

    const { context, page } = await newPage(1280);
    await signInAs(page, 'citizen', first.citizenId);
    await page.waitForURL(`${base}/mine-samtaler`);
    expect(await page.textContent('main')).toContain('Du skal booke en samtale med det samme');
    await check(page, 'straksbooking-my-meetings');
    await page.click('a[href$="/tider"]');
    await page.waitForURL(/\/tider/);
    await page.click('form[action$="/bekraeft"] button[type=submit]');
    await page.waitForURL(/\/bekraeft/);
    await page.click('form[action="/bookinger"] button[type=submit]');
    await page.waitForURL(/ok=booked/);
    await check(page, 'straksbooking-receipt');
    // the booking clears the flag (booking.created → deadline service)
    await immediateBookingRequiredIs(false);
    await page.goto(`${base}/mine-samtaler`);
    expect(await page.textContent('main')).not.toContain('Du skal booke en samtale med det samme');
    await context.close();
  }, 120000);
});
