import type { NextFunction, Request, Response } from 'express';
import { newContext, runInContext } from '../context/event-context';

/** Every request runs in an event context taken from its headers, so the events it causes carry them. */
export function eventContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const context = newContext({
    correlationId: validId(req.header('x-correlation-id')),
    traceparent: req.header('traceparent'),
  });
  res.setHeader('x-correlation-id', context.correlationId);
  runInContext(context, next);
}

function validId(value: string | undefined): string | undefined {
  return value && /^[A-Za-z0-9._-]{1,100}$/.test(value) ? value : undefined;
}
