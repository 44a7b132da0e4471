import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EventContext, newContext, runInContext } from '../context/event-context';

const CONTEXT = Symbol('selvbook.eventContext');
type WithContext = FastifyRequest & { [CONTEXT]?: EventContext };

/**
 * Every request runs in an event context taken from its headers, so the events it causes carry them. The
 * context is made when the request arrives (the correlation id is answered even on a malformed body) and
 * entered just before the handler: a body arrives in socket callbacks outside any context entered earlier.
 */
export function useEventContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request: WithContext, reply: FastifyReply, done: () => void) => {
    const headers = request.headers;
    const context = newContext({
      correlationId: validId(headers['x-correlation-id']),
      traceparent: typeof headers.traceparent === 'string' ? headers.traceparent : undefined,
    });
    request[CONTEXT] = context;
    reply.header('x-correlation-id', context.correlationId);
    done();
  });
  fastify.addHook('preHandler', (request: WithContext, _reply: FastifyReply, done: () => void) => {
    runInContext(request[CONTEXT]!, done);
  });
}

function validId(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(value) ? value : undefined;
}
