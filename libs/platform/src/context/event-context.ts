import { AsyncLocalStorage } from 'node:async_hooks';
import { looksLikeCpr, newTraceId } from '@selvbook/contracts';
import { randomFillSync } from 'node:crypto';

/**
 * What travels with one unit of work (an HTTP request or a consumed event): the correlation id that
 * ties a business flow together and the W3C trace context. Carried in Kafka headers and in every log line.
 */
export interface EventContext {
  correlationId: string;
  /** id of the event (or request) that caused the current work; becomes the next event's causationId */
  causationId?: string;
  traceparent: string;
}

const storage = new AsyncLocalStorage<EventContext>();

export function runInContext<T>(context: EventContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): EventContext | undefined {
  return storage.getStore();
}

/**
 * Random ids for trace and span ids, drawn from a pool filled 4 KiB at a time: one call into the CSPRNG per
 * ~170 requests instead of two per request (as Node's randomUUID caches its own entropy).
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += bytes;
  return pool.toString('hex', poolOffset - bytes, poolOffset);
}

/**
 * A fresh W3C traceparent (version 00, sampled). It travels in Kafka headers, so one whose hex digits happen
 * to form a CPR-shaped run (a few in a hundred) is drawn again.
 */
export function newTraceparent(): string {
  for (;;) {
    const traceparent = `00-${randomHex(16)}-${randomHex(8)}-01`;
    if (!looksLikeCpr(traceparent)) return traceparent;
  }
}

/**
 * Same trace, new span: what a hop (consumer → next event) should carry. A caller's trace id that carries
 * something CPR-shaped is not continued (it would be copied into every Kafka header of the flow): a new trace starts.
 */
export function childTraceparent(parent: string | undefined): string {
  const match = parent && /^00-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$/.exec(parent);
  if (!match || looksLikeCpr(match[1])) return newTraceparent();
  for (;;) {
    const traceparent = `00-${match[1]}-${randomHex(8)}-${match[2]}`;
    if (!looksLikeCpr(traceparent)) return traceparent;
  }
}

export function newContext(partial: Partial<EventContext> = {}): EventContext {
  return {
    correlationId: partial.correlationId ?? newTraceId(),
    causationId: partial.causationId,
    traceparent: childTraceparent(partial.traceparent),
  };
}
