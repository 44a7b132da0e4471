import Fastify from 'fastify';
import { acceptJsonOnly } from './bootstrap';

describe('JSON bodies (issue 23 item 11)', () => {
  const app = Fastify();
  acceptJsonOnly(app);
  app.post('/echo', async (request) => request.body);
  afterAll(() => app.close());

  const post = (payload: string) =>
    app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload });

  it('valid JSON with a __proto__ or constructor.prototype key → 400 naming it, not "not valid JSON"', async () => {
    for (const body of ['{"slotId":"x","__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
      const res = await post(body);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe(
        'Body is valid JSON but contains a forbidden key (__proto__, or constructor.prototype)',
      );
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    }
  });

  it('malformed JSON is still "not valid JSON"; plain JSON and an empty body pass', async () => {
    const bad = await post('{"slotId":');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/not valid JSON/);
    expect((await post('{"a":1}')).json()).toEqual({ a: 1 });
    expect((await post('')).json()).toEqual({});
  });
});
