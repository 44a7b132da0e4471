import { createServer, Server } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ApiClient, ApiProblem, ApiTransport } from './api';

/**
 * The web's calls to a service, against a stand-in on loopback: answers, problems, timeouts, kept-alive connections.
 */
describe('ApiClient over ApiTransport', () => {
  let server: Server;
  let base: string;
  let handler: (
    url: string,
    body: string,
  ) => { status: number; body?: string | Buffer; headers?: Record<string, string> } | 'hang';
  const sockets = new Set<Socket>();
  const transport = new ApiTransport();
  const seen: { method: string; url: string; authorization?: string; acceptEncoding?: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (c) => (body += c));
      request.on('end', () => {
        seen.push({
          method: request.method!,
          url: request.url!,
          authorization: request.headers.authorization,
          acceptEncoding: request.headers['accept-encoding'],
          body,
        });
        const answer = handler(request.url!, body);
        if (answer === 'hang') return;
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        response.end(answer.body);
      });
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    transport.close();
    server.closeAllConnections();
    server.close();
  });
  const client = (timeoutMs = 2000) =>
    new ApiClient({ schedule: base, deadline: base, booking: base, timeoutMs, transport }, 'the-token');

  it('sends the bearer token and the JSON body, and returns the parsed answer with its ETag', async () => {
    handler = () => ({ status: 201, body: JSON.stringify({ id: 'b1', note: 'æøå' }), headers: { etag: '"b1.1"' } });
    const answer = await client().call<{ id: string; note: string }>(
      'booking',
      'POST',
      '/v1/bookings',
      { slotId: 's' },
      { 'idempotency-key': 'k' },
    );
    expect(answer).toEqual({ body: { id: 'b1', note: 'æøå' }, etag: '"b1.1"' });
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      url: '/v1/bookings',
      authorization: 'Bearer the-token',
      acceptEncoding: 'gzip',
      body: '{"slotId":"s"}',
    });
  });

  it("sends the booking API's GETs to its read replicas, everything else to the service", async () => {
    handler = () => ({ status: 200, body: '{}' });
    const split = new ApiClient(
      {
        schedule: base,
        deadline: base,
        booking: `${base}/writes`,
        bookingReads: `${base}/reads`,
        timeoutMs: 2000,
        transport,
      },
      'the-token',
    );
    await split.call('booking', 'GET', '/v1/slots?deadlineId=d');
    await split.call('booking', 'POST', '/v1/bookings', { slotId: 's' });
    await split.call('booking', 'GET', '/v1/bookings/b1');
    await split.call('deadline', 'GET', '/v1/deadlines');
    expect(seen.slice(-4).map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /reads/v1/slots?deadlineId=d',
      'POST /writes/v1/bookings',
      'GET /reads/v1/bookings/b1',
      'GET /v1/deadlines',
    ]);
    // unset, the GETs go to the service itself
    await client().call('booking', 'GET', '/v1/slots?deadlineId=d');
    expect(seen.at(-1)?.url).toBe('/v1/slots?deadlineId=d');
  });

  it('asks for gzip and reads a gzipped answer', async () => {
    const json = JSON.stringify({ items: Array.from({ length: 50 }, (_, n) => ({ n, location: 'Mødelokale 2' })) });
    handler = () => ({ status: 200, body: gzipSync(json), headers: { 'content-encoding': 'gzip' } });
    const answer = await client().call<{ items: unknown[] }>('booking', 'GET', '/v1/calendars/c/slots');
    expect(answer.body).toEqual(JSON.parse(json));
    expect(seen.at(-1)?.acceptEncoding).toBe('gzip');
  });

  it('a problem+json answer becomes an ApiProblem named by the last part of its type', async () => {
    handler = () => ({
      status: 409,
      body: JSON.stringify({ type: 'urn:selvbook:problem:lead-time', detail: 'too late' }),
    });
    await expect(client().get('booking', '/v1/x')).rejects.toMatchObject({
      status: 409,
      code: 'lead-time',
      detail: 'too late',
    });
    handler = () => ({ status: 500, body: 'not json' });
    await expect(client().get('booking', '/v1/x')).rejects.toMatchObject({
      status: 500,
      code: 'http-500',
      detail: 'Internal Server Error',
    });
  });

  it('no answer within the timeout, or nobody listening, is "unavailable" (503)', async () => {
    handler = () => 'hang';
    const started = Date.now();
    const error = await client(300)
      .get('schedule', '/v1/slow')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({ status: 503, code: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(2000);
    const nowhere = new ApiClient(
      { schedule: 'http://127.0.0.1:9', deadline: base, booking: base, timeoutMs: 2000, transport },
      't',
    );
    await expect(nowhere.get('schedule', '/v1/x')).rejects.toMatchObject({ status: 503, code: 'unavailable' });
  });

  it('reuses connections; a GET whose kept-alive connection the service closed is resent on a new one', async () => {
    handler = () => ({ status: 200, body: '{"ok":true}' });
    await client().get('deadline', '/v1/a');
    await client().get('deadline', '/v1/b');
    expect(sockets.size).toBe(1);
    // the service drops its idle connection without the client noticing first: the next GET meets a reset
    for (const socket of sockets) socket.resetAndDestroy();
    await expect(client().get('deadline', '/v1/c')).resolves.toEqual({ ok: true });
    expect(seen.at(-1)?.url).toBe('/v1/c');
  });
});
