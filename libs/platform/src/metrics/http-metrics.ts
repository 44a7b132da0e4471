import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { counterIn, histogramIn, LATENCY_BUCKETS, METRICS_CONTENT_TYPE } from './metrics';

/** '2xx', '4xx' …: the status as an alert groups it (a status code per series would multiply them). */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

/**
 * Counts and times every answered request by route template (`/v1/bookings/:bookingId`, never the path with
 * its ids), method and status class. A request no route matched (a 404, or one refused by a framework error
 * before routing) is labelled `route="unmatched"`, so a scan of random paths cannot grow the series.
 * Requests refused before their handler (401/403/413/415/429) are in it too, by their status class.
 */
export function recordHttpMetrics(fastify: FastifyInstance, registry: Registry): void {
  const labelNames = ['route', 'method', 'status_class'] as const;
  const requests = counterIn(registry, {
    name: 'selvbook_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status class',
    labelNames,
  });
  const duration = histogramIn(registry, {
    name: 'selvbook_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being written, by route template, method and status class',
    labelNames,
    buckets: LATENCY_BUCKETS,
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const labels = {
      route: request.routeOptions?.url ?? 'unmatched',
      method: request.method,
      status_class: statusClass(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}

/** `GET /metrics` on a plain Fastify app (the web front); a Nest service has MetricsController instead. */
export function serveMetrics(fastify: FastifyInstance, registry: Registry): void {
  fastify.get('/metrics', async (_request, reply) =>
    reply
      .header('content-type', METRICS_CONTENT_TYPE)
      .header('cache-control', 'no-store')
      .send(await registry.metrics()),
  );
}
