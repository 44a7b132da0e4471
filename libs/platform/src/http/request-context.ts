import { describeUnsafeId, isTraceId } from '@selvbook/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Span } from '@opentelemetry/api';
import { EventContext, newContext, runInContext } from '../context/event-context';
import { contextInSpan, endSpan, SpanKind, startSpan, tracingEnabled } from '../tracing/tracing';

const CONTEXT = Symbol('selvbook.eventContext');
const SPAN = Symbol('selvbook.span');
type WithContext = FastifyRequest & { [CONTEXT]?: EventContext; [SPAN]?: Span };

/**
 * Every request runs in an event context taken from its headers, so the events it causes carry them. The
 * context is made when the request arrives (the correlation id is answered even on a malformed body) and
 * entered just before the handler: a body arrives in socket callbacks outside any context entered earlier.
 *
 * The caller's `x-correlation-id` is kept only when it is a safe trace id (a uuid or a W3C trace id, nothing
 * CPR-shaped: `isTraceId`, the rule every event envelope is held to); anything else is replaced by a new id
 * and the original only appears in a debug line (itself redacted when CPR-shaped), never stored or forwarded.
 * So a caller's choice of trace id can neither fail the events the request causes nor carry a CPR number.
 */
export function useEventContext(fastify: FastifyInstance, logger?: Logger): void {
  fastify.addHook('onRequest', (request: WithContext, reply: FastifyReply, done: () => void) => {
    const headers = request.headers;
    const given = headers['x-correlation-id'];
    const context = newContext({
      correlationId: isTraceId(given) ? given : undefined,
      traceparent: typeof headers.traceparent === 'string' ? headers.traceparent : undefined,
    });
    if (given !== undefined && given !== context.correlationId) {
      logger?.debug(
        { correlationId: context.correlationId, given: describeUnsafeId(given) },
        'x-correlation-id is not a uuid or W3C trace id; replaced',
      );
    }
    // With tracing on, the request is a server span, a child of the caller's traceparent (when it is usable)
    const span = tracingEnabled()
      ? startSpan(`HTTP ${request.method}`, {
          kind: SpanKind.SERVER,
          parent:
            typeof headers.traceparent === 'string' &&
            context.traceparent.slice(3, 35) === headers.traceparent.slice(3, 35)
              ? headers.traceparent
              : '',
          attributes: { 'http.request.method': request.method },
        })
      : undefined;
    request[SPAN] = span;
    request[CONTEXT] = contextInSpan(span, context);
    reply.header('x-correlation-id', context.correlationId);
    done();
  });
  if (tracingEnabled()) {
    fastify.addHook('onResponse', (request: WithContext, reply: FastifyReply, done: () => void) => {
      const span = request[SPAN];
      if (span) {
        const route = request.routeOptions?.url;
        if (route) span.updateName(`${request.method} ${route}`);
        span.setAttributes({ 'http.route': route ?? 'unmatched', 'http.response.status_code': reply.statusCode });
        endSpan(span, reply.statusCode >= 500 ? new Error(`HTTP ${reply.statusCode}`) : undefined);
      }
      done();
    });
    fastify.addHook('onRequestAbort', (request: WithContext, done: () => void) => {
      endSpan(request[SPAN], new Error('request aborted'));
      request[SPAN] = undefined;
      done();
    });
  }
  fastify.addHook('preHandler', (request: WithContext, _reply: FastifyReply, done: () => void) => {
    runInContext(request[CONTEXT]!, done);
  });
}
