import { RenderedJson } from '@selvbook/booking';
import type { FastifyReply } from 'fastify';
import { DomainProblem } from '@selvbook/platform';

/** Idempotency-Key: 1–200 visible ASCII characters (a UUID is typical). */
export function idempotencyKeyOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(value))
    throw new DomainProblem(400, 'Idempotency-Key must be 1–200 visible ASCII characters', 'invalid-idempotency-key');
  return value;
}

/** Whether an Accept-Encoding header takes gzip (by name or `*`, with a q above 0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** A rendered JSON body as the client takes it: gzipped when it accepts gzip (the same bytes every time). */
export async function renderedBody(
  res: FastifyReply,
  view: RenderedJson,
  acceptEncoding: string | undefined,
): Promise<Buffer> {
  res.header('vary', 'accept-encoding');
  if (!acceptsGzip(acceptEncoding)) return view.body;
  res.header('content-encoding', 'gzip');
  return view.gzip();
}
