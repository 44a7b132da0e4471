import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Nest's own log lines (bootstrap, routes, errors) through the service's pino logger, as JSON. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log = this.writerAt('info');
  error = this.writerAt('error');
  warn = this.writerAt('warn');
  debug = this.writerAt('debug');
  verbose = this.writerAt('trace');
  fatal = this.writerAt('fatal');

  /** Nest's method for one level: writes at the pino level it maps onto. */
  private writerAt(level: PinoLevel): (message: unknown, ...rest: unknown[]) => void {
    return (message, ...rest) => this.write(level, message, rest);
  }

  /** Nest passes (message, [stack,] context): the last string argument names the component. */
  private write(level: PinoLevel, message: unknown, rest: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}
