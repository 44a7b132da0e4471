import { buildWebServer } from './server';
import { WebConfig } from './web.config';
import { loadConfig } from '@selvbook/platform';
import { mintDevToken } from '@selvbook/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// No service is called here: the routes below answer before any API call (the API URLs point nowhere).
const config = (env: Record<string, string> = {}) =>
  loadConfig(WebConfig, {
    SCHEDULE_URL: 'http://127.0.0.1:9',
    DEADLINE_URL: 'http://127.0.0.1:9',
    BOOKING_URL: 'http://127.0.0.1:9',
    ...env,
  });

/** A GET with the session cookie holding `token`. */
const getWithToken = (app: ReturnType<typeof buildWebServer>, url: string, token: string) =>
  app.inject({ method: 'GET', url, headers: { cookie: `sb_token=${token}` } });

describe('web server', () => {
  it('needs the three API URLs and nothing of the services (no DATABASE_URL, no KAFKA_BROKERS)', () => {
    expect(() => loadConfig(WebConfig, {})).toThrow(/SCHEDULE_URL[\s\S]*DEADLINE_URL[\s\S]*BOOKING_URL/);
    expect(config().PORT).toBe(3005);
  });

  it('every page: lang="da", a strict CSP (no other origin), an httpOnly SameSite=Strict token cookie', async () => {
    const app = buildWebServer(config());
    const page = await app.inject({ method: 'GET', url: '/log-ind' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="da">');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/^sb_csrf=[\w-]{32}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(page.body).toContain(`name="_csrf" value="${/sb_csrf=([\w-]+)/.exec(cookie)![1]}"`);
    expect(page.body).not.toContain('/log-ind/dev'); // development sign-in is off unless WEB_DEV_LOGIN=true
    await app.close();
  });

  it('?lang=en switches to English and remembers it', async () => {
    const app = buildWebServer(config());
    const page = await app.inject({ method: 'GET', url: '/log-ind?lang=en' });
    expect(page.body).toContain('<html lang="en">');
    expect(String(page.headers['set-cookie'])).toContain('sb_lang=en; Path=/; HttpOnly; SameSite=Strict');
    await app.close();
  });

  it('a POST whose form token does not match the cookie is refused with 403 before anything is done', async () => {
    const app = buildWebServer(config({ WEB_DEV_LOGIN: 'true' }));
    const csrf = 'a'.repeat(32);
    const refused = await app.inject({
      method: 'POST',
      url: '/log-ind/dev',
      headers: { cookie: `sb_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${'b'.repeat(32)}&role=citizen&citizenId=6f1c2b9e-0000-4e8b-9a7c-1b2d3e4f5a60`,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['set-cookie']).toBeUndefined();
    const accepted = await app.inject({
      method: 'POST',
      url: '/log-ind/dev',
      headers: { cookie: `sb_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${csrf}&role=citizen&citizenId=6f1c2b9e-0000-4e8b-9a7c-1b2d3e4f5a60`,
    });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/mine-samtaler');
    expect(String(accepted.headers['set-cookie'])).toMatch(
      /^sb_token=[\w.-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=3\d{3}$/,
    );
    await app.close();
  });

  it('development sign-in does not exist without WEB_DEV_LOGIN, nor with NODE_ENV=production', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      for (const app of [buildWebServer(config()), buildWebServer(config({ WEB_DEV_LOGIN: 'true' }))]) {
        const csrf = 'a'.repeat(32);
        const answer = await app.inject({
          method: 'POST',
          url: '/log-ind/dev',
          headers: { cookie: `sb_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
          payload: `_csrf=${csrf}&role=system`,
        });
        expect(answer.statusCode).toBe(404);
        await app.close();
      }
    } finally {
      process.env.NODE_ENV = previous;
    }
  });

  it('a signed-in page sends a visitor without a session to sign in; a bad id is a 404 page, not a 5xx', async () => {
    const app = buildWebServer(config());
    expect((await app.inject({ method: 'GET', url: '/mine-samtaler' })).headers.location).toBe('/log-ind');
    expect((await getWithToken(app, '/mine-samtaler', 'not-a-token')).headers.location).toBe('/log-ind');
    const citizen = await mintDevToken({ role: 'citizen', citizenId: '6f1c2b9e-0000-4e8b-9a7c-1b2d3e4f5a60' });
    const page = await getWithToken(app, '/bookinger/not-an-id', citizen);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Det findes ikke.');
    // a caseworker's token does not open the citizen's pages
    const caseworker = await mintDevToken({ role: 'caseworker', jobcenterCode: '10101' });
    const wrong = await getWithToken(app, '/mine-samtaler', caseworker);
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain('Den side hører til en anden rolle end din.');
    await app.close();
  });

  it('local sign-in offers the seeded citizens from WEB_DEV_CITIZENS_FILE, and signs in the one picked', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'web-spec-')), 'citizens.json');
    writeFileSync(
      file,
      JSON.stringify([
        { name: 'Mette #1', citizenId: '6f1c2b9e-0000-4e8b-9a7c-1b2d3e4f5a60', group: 'UNEMPLOYMENT_BENEFIT' },
        { name: '<b>x</b>', citizenId: 'not-an-id' },
      ]),
    );
    const app = buildWebServer(config({ WEB_DEV_LOGIN: 'true', WEB_DEV_CITIZENS_FILE: file }));
    const page = await app.inject({ method: 'GET', url: '/log-ind' });
    expect(page.body).toContain(
      '<option value="6f1c2b9e-0000-4e8b-9a7c-1b2d3e4f5a60">Mette #1 (UNEMPLOYMENT_BENEFIT)</option>',
    );
    expect(page.body).not.toContain('<b>x</b>');
    const csrf = 'a'.repeat(32);
    const signedIn = await app.inject({
      method: 'POST',
      url: '/log-ind/dev',
      headers: { cookie: `sb_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${csrf}&role=citizen&citizenId=&citizenPick=6f1c2b9e-0000-4e8b-9a7c-1b2d3e4f5a60`,
    });
    expect(signedIn.headers.location).toBe('/mine-samtaler');
    await app.close();
  });

  it("/metrics: the services' HTTP metrics by route template; each API call by service and status class", async () => {
    // a deadline service that answers, a schedule service that has
    // no schedule (404), a booking service that does not answer
    const stub: Server = createServer((request, response) => {
      if (request.url?.startsWith('/v1/bookings')) return;
      if (request.url?.includes('/deadlines')) {
        response.setHeader('content-type', 'application/json');
        return response.end(
          JSON.stringify({ citizenId: 'x', canSelfBook: true, immediateBookingRequired: false, deadlines: [] }),
        );
      }
      response.statusCode = 404;
      response.setHeader('content-type', 'application/problem+json');
      response.end(JSON.stringify({ type: 'urn:selvbook:problem:schedule-not-found', detail: 'no schedule' }));
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const at = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    const app = buildWebServer(
      config({ DEADLINE_URL: at, SCHEDULE_URL: at, BOOKING_URL: at, WEB_API_TIMEOUT_MS: '300' }),
    );
    try {
      const citizenId = '6f1c2b9e-0000-4e8b-9a7c-1b2d3e4f5a60';
      const citizen = await mintDevToken({ role: 'citizen', citizenId });
      const page = await getWithToken(app, '/mine-samtaler', citizen);
      expect(page.statusCode).toBe(502); // the booking service did not answer: "try again later"
      const scrape = await app.inject({ method: 'GET', url: '/metrics' });
      expect(scrape.headers['content-type']).toBe('text/plain; version=0.0.4');
      expect(scrape.headers['set-cookie']).toBeUndefined();
      const text = scrape.body;
      expect(text).toContain('selvbook_http_requests_total{route="/mine-samtaler",method="GET",status_class="5xx"} 1');
      expect(text).toContain('selvbook_web_api_call_duration_seconds_count{service="deadline",status_class="2xx"} 1');
      expect(text).toContain('selvbook_web_api_call_duration_seconds_count{service="schedule",status_class="4xx"} 1');
      expect(text).toContain(
        'selvbook_web_api_call_duration_seconds_count{service="booking",status_class="unanswered"} 1',
      );
      expect(text).toContain('process_cpu_seconds_total');
      // never a path with its ids
      expect(text).not.toContain(citizenId);
    } finally {
      await app.close();
      stub.closeAllConnections();
      stub.close();
    }
  });
});
