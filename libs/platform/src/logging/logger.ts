import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
import { currentContext } from '../context/event-context';

/**
 * Paths never written to a log. A CPR number may arrive in a request body or a contact record;
 * it must not leave the process through the log stream.
 */
export const REDACTED_PATHS = [
  'cpr',
  '*.cpr',
  '*.*.cpr',
  'req.body.cpr',
  'req.headers.authorization',
  'req.headers.cookie',
  'email',
  '*.email',
  'phone',
  '*.phone',
];

/**
 * JSON logs with the current correlation and trace context on every line: the W3C traceparent, and its trace
 * and span ids as `trace_id` / `span_id` (the fields log backends join with traces on).
 */
export function createLogger(
  service: string,
  level = 'info',
  extra: LoggerOptions = {},
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    name: service,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin() {
      const context = currentContext();
      if (!context) return {};
      const { correlationId, traceparent } = context;
      return { correlationId, traceparent, trace_id: traceparent.slice(3, 35), span_id: traceparent.slice(36, 52) };
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...extra,
  };
  return destination ? pino(options, destination) : pino(options);
}
