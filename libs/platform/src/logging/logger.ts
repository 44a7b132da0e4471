import pino, { Logger, LoggerOptions } from 'pino';
import { currentContext } from '../context/event-context';

/**
 * Paths never written to a log. A CPR number may arrive in a request body or a contact record;
 * it must not leave the process through the log stream.
 */
export const REDACTED_PATHS = [
  'cpr', '*.cpr', '*.*.cpr', 'req.body.cpr', 'req.headers.authorization', 'req.headers.cookie',
  'email', '*.email', 'phone', '*.phone',
];

/** JSON logs with the current correlation and trace id on every line. */
export function createLogger(service: string, level = 'info', extra: LoggerOptions = {}): Logger {
  return pino({
    name: service,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin() {
      const context = currentContext();
      return context ? { correlationId: context.correlationId, traceparent: context.traceparent } : {};
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...extra,
  });
}
