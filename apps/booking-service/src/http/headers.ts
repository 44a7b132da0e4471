import { RenderedJson } from '@selvbook/booking';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply } from 'fastify';
import { DomainProblem } from '@selvbook/platform';

/** Idempotency-Key: 1–200 visible ASCII characters (a UUID is typical). */
export function idempotencyKeyOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(value))
    throw new DomainProblem(400, 'Idempotency-Key must be 1–200 visible ASCII characters', 'invalid-idempotency-key');
  return value;
}

/** Whether an Accept-Encoding header takes gzip (by name or `*`, with a q above 0; names case-insensitive). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return !!acceptEncoding && negotiate(acceptEncoding.toLowerCase(), ['gzip']) === 'gzip';
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
