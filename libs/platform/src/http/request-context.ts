import { describeUnsafeId, isTraceId } from '@selvbook/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { EventContext, newContext, runInContext } from '../context/event-context';

const CONTEXT = Symbol('selvbook.eventContext');
type WithContext = FastifyRequest & { [CONTEXT]?: EventContext };

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
      logger?.debug({ correlationId: context.correlationId, given: describeUnsafeId(given) }, 'x-correlation-id is not a uuid or W3C trace id; replaced');
    }
    request[CONTEXT] = context;
    reply.header('x-correlation-id', context.correlationId);
    done();
  });
  fastify.addHook('preHandler', (request: WithContext, _reply: FastifyReply, done: () => void) => {
    runInContext(request[CONTEXT]!, done);
  });
}
