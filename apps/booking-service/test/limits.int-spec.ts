import { ROOT_LOGGER } from '@selvbook/platform';
import { randomUUID } from 'node:crypto';
import { connect, Socket } from 'node:net';
import type { Logger } from 'pino';
import { call, Harness, JOBCENTER, startBookingService } from './booking-harness';

/** Writes raw bytes to the service and collects what comes back until the server closes or `ms` pass. */
async function raw(
  h: Harness,
  write: (socket: Socket) => void,
  ms = 8000,
): Promise<{ text: string; afterMs: number; closed: boolean }> {
  const { port, hostname } = new URL(h.url);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => write(socket));
    let text = '';
    let firstAnswerMs = -1;
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, afterMs: firstAnswerMs, closed });
    };
    const timer = setTimeout(() => done(false), ms);
    socket.on('data', (chunk) => {
      if (firstAnswerMs < 0) firstAnswerMs = Date.now() - started;
      text += chunk.toString('utf8');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => done(true));
  });
}

const statusOf = (text: string) => Number(text.slice(9, 12));
const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

describe('booking service limits: rate limits, auth before the body, slow clients (issue 17)', () => {
  let h: Harness;
  let caseworker: string;
  let calendarId: string;
  let logged: { level: string; args: unknown[] }[];

  beforeAll(async () => {
    h = await startBookingService({
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '40',
      RATE_LIMIT_WINDOW_MS: '60000',
      RATE_LIMIT_BOOKING_MAX: '2',
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
    });
    // every log line of the service, by level (the logger writes JSON to stdout otherwise)
    const logger = h.app.get<Logger>(ROOT_LOGGER);
    logged = [];
    for (const level of ['error', 'warn', 'info', 'debug'] as const) {
      logger[level] = ((...args: unknown[]) => void logged.push({ level, args })) as never;
    }
    caseworker = await h.token({ role: 'caseworker', jobcenterCode: JOBCENTER, subject: 'cw-limits' });
    calendarId = (
      await call(h, 'POST', '/v1/calendars', caseworker, { name: 'Limits', defaultLocation: 'Jobcenter, Vej 1' })
    ).body.id;
  });
  afterAll(() => h?.stop());

  it('over its limit a caller gets 429 with RateLimit, RateLimit-Policy, Retry-After; not others, health', async () => {
    const token = await h.token({ role: 'citizen', citizenId: randomUUID() });
    const first = await call(h, 'GET', '/v1/bookings', token);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe('"principal";q=40;w=60');
    expect(first.headers.get('ratelimit')).toMatch(/^"principal";r=39;t=(60|59)$/);
    const rest = [];
    for (let i = 0; i < 40; i++) rest.push(await call(h, 'GET', '/v1/bookings', token));
    expect(rest.slice(0, 39).every((r) => r.status === 200)).toBe(true);
    const over = rest[39];
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(over.body).toMatchObject({ type: 'urn:selvbook:problem:rate-limited', status: 429 });
    expect(over.headers.get('ratelimit')).toMatch(/^"principal";r=0;t=\d+$/);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // another citizen has a limit of their own
    expect(
      (await call(h, 'GET', '/v1/bookings', await h.token({ role: 'citizen', citizenId: randomUUID() }))).status,
    ).toBe(200);
    expect((await call(h, 'GET', '/metrics', undefined)).body).toMatch(
      /selvbook_http_rate_limited_total\{policy="principal"\} 1\b/,
    );
    // health and metrics are never limited and carry no limit fields
    for (let i = 0; i < 45; i++) {
      const health = await call(h, 'GET', '/health/live', undefined);
      expect(health.status).toBe(200);
      expect(health.headers.get('ratelimit')).toBeNull();
    }
  });

  it('the booking path is limited per citizen booked for, whoever books', async () => {
    const citizenId = randomUUID();
    const slots = await publish(4);
    const book = (slotId: string, forCitizen = citizenId) =>
      call(h, 'POST', '/v1/bookings', caseworker, { slotId, citizenId: forCitizen });
    expect((await book(slots[0])).status).toBe(201);
    const second = await book(slots[1]);
    expect(second.status).toBe(201);
    expect(second.headers.get('ratelimit-policy')).toBe('"principal";q=40;w=60, "booking";q=2;w=3600');
    const third = await book(slots[2]);
    expect(third.status).toBe(429);
    expect(third.body.detail).toContain('bookings for this citizen');
    expect(third.headers.get('ratelimit')).toMatch(/"booking";r=0;t=\d+$/);
    expect(
      (await h.db.query('SELECT count(*)::int AS n FROM booking WHERE citizen_id = $1', [citizenId])).rows[0].n,
    ).toBe(2);
    // another citizen, same caseworker
    expect((await book(slots[3], randomUUID())).status).toBe(201);
    // the citizen's own token shares the citizen's booking limit
    const own = await call(h, 'POST', '/v1/reservations', await h.token({ role: 'citizen', citizenId }), {
      slotId: slots[3],
    });
    expect(own.status).toBe(429);
    // a caseworker rebooking several citizens' meetings names no citizen: only the caseworker's own limit applies
    const more = await publish(6);
    const bookings = [];
    for (let i = 0; i < 3; i++) bookings.push((await book(more[i], randomUUID())).body.id);
    for (let i = 0; i < 3; i++)
      expect(
        (await call(h, 'POST', `/v1/bookings/${bookings[i]}/rebook`, caseworker, { slotId: more[3 + i] })).status,
      ).toBe(201);
  });

  it('authenticates before the body is read: no token → 401 at once, though the body never comes', async () => {
    const answer = await raw(
      h,
      (s) =>
        s.write(
          `POST /v1/calendars HTTP/1.1\r\nHost: x\r\nContent-Type: ` +
            `application/json\r\nContent-Length: 900000\r\n\r\n{"name":`,
        ),
      1500,
    );
    expect(statusOf(answer.text)).toBe(401);
    expect(answer.text).toContain('application/problem+json');
    expect(answer.afterMs).toBeLessThan(1000); // well before the request timeout: the body was never waited for
    // an unparseable body and a body over the limit are not looked at either
    expect((await call(h, 'POST', '/v1/calendars', undefined, '{"name": [[[')).status).toBe(401);
    expect(
      (await call(h, 'POST', '/v1/calendars', undefined, JSON.stringify({ name: 'x'.repeat(2_000_000) }))).status,
    ).toBe(401);
    // a role that may not call the route is refused before the body too (a citizen may not create calendars)
    const citizen = await h.token({ role: 'citizen', citizenId: randomUUID() });
    expect((await call(h, 'POST', '/v1/calendars', citizen, '{"name": [[[')).status).toBe(403);
    // with a token, the body is read and validated as before
    expect((await call(h, 'POST', '/v1/calendars', caseworker, '{"name": [[[')).status).toBe(400);
  });

  it('an aborted upload, with or without a token, is no error: at most a debug line, no stack trace', async () => {
    logged.length = 0;
    for (const authorization of [
      '',
      `Authorization: Bearer ${caseworker}\r\n`,
      '',
      `Authorization: Bearer ${caseworker}\r\n`,
    ]) {
      await raw(
        h,
        (s) => {
          s.write(
            `POST /v1/calendars HTTP/1.1\r\nHost: x\r\n${authorization}Content-Type: ` +
              `application/json\r\nContent-Length: 500000\r\n\r\n{"name":"`,
          );
          s.write('a'.repeat(60_000));
          setTimeout(() => s.destroy(), 100);
        },
        400,
      );
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(logged.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    expect(JSON.stringify(logged)).not.toContain('    at ');
  });

  it('slow clients: headers past the headers timeout → 408 problem+json; a body past its timeout too', async () => {
    const headers = await raw(h, (s) => s.write('GET /v1/bookings HTTP/1.1\r\nHost: x\r\n'));
    expect(statusOf(headers.text)).toBe(408);
    expect(headers.text).toContain('Content-Type: application/problem+json');
    expect(bodyOf(headers.text)).toMatchObject({ status: 408, title: 'request timeout' });
    expect(headers.afterMs).toBeGreaterThanOrEqual(1000);
    expect(headers.afterMs).toBeLessThan(3000);
    expect(headers.closed).toBe(true);

    const body = await raw(h, (s) =>
      s.write(
        `POST /v1/calendars HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ` +
          `${caseworker}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":`,
      ),
    );
    expect(statusOf(body.text)).toBe(408);
    expect(body.afterMs).toBeGreaterThanOrEqual(2000);
    expect(body.afterMs).toBeLessThan(4000);
  });

  it('headers over the limit → 431 problem+json', async () => {
    const answer = await raw(h, (s) =>
      s.write(`GET /v1/bookings HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect(statusOf(answer.text)).toBe(431);
    expect(answer.text).toContain('Content-Type: application/problem+json');
    expect(bodyOf(answer.text)).toMatchObject({ status: 431, title: 'request header fields too large' });
  });

  it('requests without a valid token are limited by client address (last: it uses up this address)', async () => {
    const first = await call(h, 'GET', '/v1/bookings', undefined);
    expect(first.status).toBe(401);
    expect(first.headers.get('ratelimit-policy')).toBe('"address";q=40;w=60');
    const remaining = Number(/r=(\d+)/.exec(first.headers.get('ratelimit')!)![1]);
    expect(remaining).toBeGreaterThan(20); // only this file's few anonymous requests came before
    const statuses: number[] = [];
    for (let i = 0; i <= remaining; i++)
      statuses.push((await call(h, 'GET', '/v1/bookings', i % 2 ? 'not-a-token' : undefined)).status);
    expect(statuses.slice(0, remaining)).toEqual(Array(remaining).fill(401));
    expect(statuses[remaining]).toBe(429);
    // a valid token is its own caller, whatever the address
    expect(
      (await call(h, 'GET', '/v1/bookings', await h.token({ role: 'citizen', citizenId: randomUUID() }))).status,
    ).toBe(200);
  });

  let nextHour = 0;
  async function publish(count: number): Promise<string[]> {
    const start = Math.ceil((h.clock.now().getTime() + 3 * 86_400_000) / 3_600_000) * 3_600_000;
    const times = Array.from({ length: count }, () => {
      const at = start + nextHour++ * 3_600_000;
      return { startsAt: new Date(at).toISOString(), endsAt: new Date(at + 45 * 60_000).toISOString() };
    });
    const res = await call(h, 'POST', `/v1/calendars/${calendarId}/slots`, caseworker, {
      conversationTypes: [7],
      formats: ['IN_PERSON'],
      capacity: 1,
      times,
    });
    expect(res.status).toBe(201);
    return res.body.items.map((s: { id: string }) => s.id);
  }
});
