import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import { Writable } from 'node:stream';
import { accessLog } from './access-log';
import { NestPinoLogger } from './nest-logger';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  return { logger: pino({ level }, stream), lines };
}

function request(url: string, statusCode: number) {
  const res = Object.assign(new EventEmitter(), { statusCode }) as unknown as ServerResponse;
  return { req: { method: 'POST', url } as IncomingMessage, res };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('access log', () => {
  it('writes one line per finished request, without the query string', async () => {
    const { logger, lines } = capture('info');
    const { req, res } = request('/v1/bookings?cpr=0101901234', 201);
    const next = jest.fn();
    accessLog(logger)(req, res, next);
    expect(next).toHaveBeenCalledTimes(1);
    res.emit('finish');
    await flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request completed',
      req: { method: 'POST', path: '/v1/bookings' },
      res: { statusCode: 201 },
    });
    expect(JSON.stringify(lines[0])).not.toContain('0101901234');
  });

  it('skips health and metrics probes, and everything when info is off', async () => {
    for (const [level, url] of [
      ['info', '/health/ready'],
      ['info', '/metrics'],
      ['warn', '/v1/bookings'],
    ]) {
      const { logger, lines } = capture(level);
      const { req, res } = request(url, 200);
      accessLog(logger)(req, res, () => undefined);
      res.emit('finish');
      await flush();
      expect(lines).toEqual([]);
      expect((res as unknown as EventEmitter).listenerCount('finish')).toBe(0);
    }
  });
});

describe('Nest logger on pino', () => {
  it('writes Nest messages as JSON lines with their context, and errors with their stack', async () => {
    const { logger, lines } = capture('info');
    const nest = new NestPinoLogger(logger);
    nest.log('Nest application successfully started', 'NestApplication');
    nest.error(new Error('boom'), 'ExceptionsHandler');
    nest.debug('not written at info', 'X');
    await flush();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'Nest application successfully started',
      context: 'NestApplication',
    });
    expect(lines[1]).toMatchObject({ level: 50, msg: 'boom', context: 'ExceptionsHandler', err: { message: 'boom' } });
  });
});
