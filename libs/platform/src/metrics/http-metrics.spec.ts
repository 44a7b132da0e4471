import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { recordHttpMetrics } from './http-metrics';

describe('HTTP metrics', () => {
  it('count and time requests by route template, method and status class; an unknown path is "unmatched"', async () => {
    const registry = new Registry();
    const fastify = Fastify();
    recordHttpMetrics(fastify, registry);
    fastify.get('/v1/bookings/:bookingId', async (request, reply) =>
      reply.code((request.params as { bookingId: string }).bookingId === 'x' ? 500 : 200).send({}),
    );
    await fastify.ready();
    for (const id of ['a1', 'b2', 'x']) await fastify.inject({ method: 'GET', url: `/v1/bookings/${id}` });
    await fastify.inject({ method: 'GET', url: '/v1/random/0101901234' });
    const text = await registry.metrics();
    expect(text).toContain(
      'selvbook_http_requests_total{route="/v1/bookings/:bookingId",method="GET",status_class="2xx"} 2',
    );
    expect(text).toContain(
      'selvbook_http_requests_total{route="/v1/bookings/:bookingId",method="GET",status_class="5xx"} 1',
    );
    expect(text).toContain('selvbook_http_requests_total{route="unmatched",method="GET",status_class="4xx"} 1');
    expect(text).toContain(
      'selvbook_http_request_duration_seconds_count{route="/v1/bookings/:bookingId",method="GET",status_class="2xx"} 2',
    );
    // never a path with its ids
    expect(text).not.toMatch(/a1|b2|0101901234/);
    await fastify.close();
  });
});
