import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

const QUIET = /^\/(health|metrics)/;

/**
 * One line per finished request (method, path without query, status, milliseconds) at info; health and
 * metrics probes are not logged. Nothing is allocated per request unless the line will be written: pino-http,
 * used before, built a redacted child logger for every request (a visible share of the service's CPU) even at
 * LOG_LEVEL=warn. A 5xx is logged with its error by ProblemDetailsFilter at any level.
 */
export function accessLog(logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (logger.isLevelEnabled('info') && !QUIET.test(req.url ?? '')) {
      const started = performance.now();
      res.once('finish', () => {
        const ms = Math.round((performance.now() - started) * 10) / 10;
        const line = {
          req: { method: req.method, path: (req.url ?? '').split('?')[0] },
          res: { statusCode: res.statusCode },
          responseTime: ms,
        };
        if (res.statusCode >= 500) logger.error(line, 'request failed');
        else logger.info(line, 'request completed');
      });
    }
    next();
  };
}
