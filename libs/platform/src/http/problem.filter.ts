import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** RFC 9457 problem details: every error answers with a type, a title and a human reason. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: string[];
}

/** Domain code throws this for a rule violation that is the client's to fix. */
export class DomainProblem extends HttpException {
  constructor(
    status: number,
    readonly reason: string,
    readonly code = 'domain-rule',
  ) {
    super(reason, status);
  }
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const problem = toProblem(exception, http.getRequest<FastifyRequest>().url);
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    else if ((exception as { code?: unknown } | null)?.code === 'ECONNRESET')
      this.logger.debug('the client aborted its request while sending the body');
    sendProblem(http.getResponse<FastifyReply>(), problem);
  }
}

/** Answers with a problem as `application/problem+json`. */
export function sendProblem(reply: FastifyReply, problem: ProblemDetails): void {
  void reply.status(problem.status).header('content-type', 'application/problem+json').send(JSON.stringify(problem));
}

export function toProblem(exception: unknown, instance?: string): ProblemDetails {
  if (exception instanceof DomainProblem) {
    return {
      type: `urn:selvbook:problem:${exception.code}`,
      title: titleOf(exception.getStatus()),
      status: exception.getStatus(),
      detail: exception.reason,
      instance,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: string | string[] }).message;
    const errors = Array.isArray(message) ? message : undefined;
    return {
      type: 'about:blank',
      title: titleOf(status),
      status,
      detail: errors ? errors.join('; ') : ((message as string | undefined) ?? exception.message),
      ...(errors ? { errors } : {}),
      instance,
    };
  }
  if (isClientErrorOfTheFramework(exception)) {
    // Fastify's own refusals (body too large, unsupported media type, a body the client aborted: 4xx)
    return {
      type: 'about:blank',
      title: titleOf(exception.statusCode),
      status: exception.statusCode,
      detail: exception.message,
      instance,
    };
  }
  return { type: 'about:blank', title: titleOf(500), status: 500, detail: 'internal error', instance };
}

function isClientErrorOfTheFramework(exception: unknown): exception is Error & { statusCode: number } {
  // not `instanceof Error`: Node's own errors (an aborted body) may come from another realm (Jest's sandbox)
  const { statusCode, message, code } = (exception ?? {}) as {
    statusCode?: unknown;
    message?: unknown;
    code?: unknown;
  };
  const fromFastify = typeof code === 'string' && (code.startsWith('FST_') || code === 'ECONNRESET');
  return (
    fromFastify &&
    typeof message === 'string' &&
    typeof statusCode === 'number' &&
    statusCode >= 400 &&
    statusCode < 500
  );
}

export function titleOf(status: number): string {
  return (HttpStatus[status] ?? 'ERROR').toString().toLowerCase().replace(/_/g, ' ');
}
