import { HttpException } from '@nestjs/common';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { TokenVerifier } from './auth/token-verifier';
import { MetricsRegistry } from './metrics/metrics';
import { recordHttpMetrics } from './metrics/http-metrics';
import { startTracing, stopTracing } from './tracing/tracing';
import { BaseServiceConfig } from './config/base-service.config';
import { ConfigError, loadConfig } from './config/load-config';
import { DtoValidationPipe } from './http/dto-validation.pipe';
import { useEventContext } from './http/request-context';
import { accessLog } from './logging/access-log';
import { NestPinoLogger } from './logging/nest-logger';
import { ROOT_LOGGER, SERVICE_CONFIG } from './platform.module';
import {
  DomainProblem,
  ProblemDetailsFilter,
  ProblemDetails,
  sendProblem,
  titleOf,
  toProblem,
} from './http/problem.filter';
import { RateLimits } from './http/rate-limit';
import { completeOpenApi } from './http/openapi';
import { annotateRouteAccess, authenticate, recordRoutes, refuse } from './http/route-access';

/** Loads and validates the configuration, or stops the process with every bad variable named. */
export function loadConfigOrExit<C extends object>(configClass: new () => C, serviceName: string): C {
  try {
    return loadConfig(configClass);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${serviceName}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** The ports `npm start` runs the services on (libs/testing's local system), for the docs' servers. */
const LOCAL_PORTS: Record<string, number> = {
  'schedule-service': 3001,
  'deadline-service': 3002,
  'booking-service': 3003,
  'notification-service': 3004,
};

export interface ServiceDescription {
  serviceName: string;
  title: string;
  description: string;
}

/**
 * A `@nestjs/microservices` transport a module provides under this token (libs/messaging: the inbox
 * consumer's); `createServiceApp` connects it as a hybrid microservice and starts it.
 */
export const SERVICE_TRANSPORT = Symbol('SERVICE_TRANSPORT');

/**
 * Creates the HTTP app the same way for every service: validation, problem+json, docs, graceful shutdown.
 * On Fastify rather than Express: its routing and request handling cost a fraction of Express's per request
 * (figures in docs/benchmarks.md).
 */
export async function createServiceApp(
  module: unknown,
  description: ServiceDescription,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    routerOptions: { ignoreTrailingSlash: true }, // '/v1/bookings/' answers as '/v1/bookings', as it did on Express
    // what Fastify refuses before any route runs (a malformed %-escape in the path) answers as problem+json too
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      sendProblem(reply, toProblem(new HttpException(error.message, error.statusCode ?? 400), request.url));
    },
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, {
    bufferLogs: true,
    bodyParser: false, // JSON only, below
  });
  const logger = app.get<Logger>(ROOT_LOGGER);
  app.useLogger(new NestPinoLogger(logger));
  const fastify = app.getHttpAdapter().getInstance();
  const config = app.get<BaseServiceConfig>(SERVICE_CONFIG);
  limitSlowClients(fastify.server, config);
  recordRoutes(fastify);
  recordHttpMetrics(fastify, app.get(MetricsRegistry).registry);
  annotateRouteAccess(app);
  acceptJsonOnly(fastify);
  const log = accessLog(logger);
  fastify.addHook('onRequest', (request, reply, done) => log(request.raw, reply.raw, done));
  refuseNulInPath(fastify);
  useEventContext(fastify, logger);
  await authenticateBeforeTheBody(fastify, app.get(TokenVerifier), config, app.get(MetricsRegistry).registry);
  app.useGlobalPipes(new DtoValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // Built on the first request for it, not at boot: scanning every DTO is start-up time no probe needs.
  const document = () =>
    completeOpenApi(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle(description.title)
          .setDescription(description.description)
          .setVersion('1')
          .build(),
      ),
      {
        serviceName: description.serviceName,
        localPort: LOCAL_PORTS[description.serviceName],
        rateLimited: config.RATE_LIMIT_ENABLED,
      },
    );
  SwaggerModule.setup('docs', app, document);
  await connectTransport(app);
  return app;
}

/**
 * Connects the service's event transport, if it has one: Nest registers the `@OnEvent` handlers of the app's
 * controllers with it now (an invalid handler set fails here, at boot), and it starts consuming once the app
 * has bootstrapped. Its own application config: the HTTP pipes and problem+json filter do not apply to events.
 */
async function connectTransport(app: NestFastifyApplication): Promise<void> {
  let strategy: CustomTransportStrategy;
  try {
    strategy = app.get<CustomTransportStrategy>(SERVICE_TRANSPORT);
  } catch {
    return; // a service without messaging
  }
  app.connectMicroservice({ strategy });
  await app.startAllMicroservices();
}

/**
 * Every request is authenticated and counted against its caller's rate limit when it arrives, before its
 * body is read; the booking path is counted against the citizen's limit once the body names them.
 */
async function authenticateBeforeTheBody(
  fastify: FastifyInstance,
  verifier: TokenVerifier,
  config: BaseServiceConfig,
  metrics: Registry,
): Promise<void> {
  const limits = config.RATE_LIMIT_ENABLED
    ? await RateLimits.register(
        fastify,
        {
          max: config.RATE_LIMIT_MAX,
          windowMs: config.RATE_LIMIT_WINDOW_MS,
          bookingMax: config.RATE_LIMIT_BOOKING_MAX,
          bookingWindowMs: config.RATE_LIMIT_BOOKING_WINDOW_MS,
          cacheSize: config.RATE_LIMIT_CACHE_SIZE,
        },
        metrics,
      )
    : undefined;
  fastify.addHook('onRequest', async (request, reply) => {
    const refusal = await authenticate(request, verifier);
    // a refused request counts too (by client address without a valid token): guessing tokens is limited
    if (limits && (await limits.limitCaller(request, reply))) return reply;
    if (refusal) return refuse(request, reply, refusal);
  });
  if (limits) {
    fastify.addHook('preValidation', async (request, reply) => {
      if (await limits.limitCitizen(request, reply)) return reply;
    });
  }
}

/**
 * Slow clients: the request head must arrive within HTTP_HEADERS_TIMEOUT_MS and the whole request within
 * HTTP_REQUEST_TIMEOUT_MS (408 otherwise; Node's defaults are 60 s and 300 s), a stalled connection closes
 * after HTTP_IDLE_TIMEOUT_MS, an idle keep-alive one after HTTP_KEEP_ALIVE_TIMEOUT_MS. Node checks the first
 * two every `connectionsCheckingInterval` (30 s by default): once a second here, so they hold to a second.
 */
function limitSlowClients(server: Server, config: BaseServiceConfig): void {
  server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = Math.max(config.HTTP_REQUEST_TIMEOUT_MS, config.HTTP_HEADERS_TIMEOUT_MS);
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  server.setTimeout(config.HTTP_IDLE_TIMEOUT_MS);
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 1000;
}

/**
 * What Node refuses before Fastify sees a request (a timeout, headers over 16 KB, a malformed request line)
 * answers as problem+json too. A connection the client reset or that is gone gets nothing, and nothing is
 * logged: that is the client's business, not an error of the service.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const detail =
    status === 408
      ? 'the request did not arrive in time'
      : status === 431
        ? 'the request headers are too large'
        : 'the request is not valid HTTP';
  const problem: ProblemDetails = {
    type: 'about:blank',
    title: (STATUS_CODES[status] ?? 'error').toLowerCase(),
    status,
    detail,
  };
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ` +
        `${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * The API speaks JSON: any other body is 415. An empty body sent as JSON reads as `{}` (a POST that needs no
 * body, sent by a client that always names its content type), then the DTO decides; a malformed one is 400.
 * Fastify's own JSON parser keeps out `__proto__` and `constructor.prototype` keys.
 */
export function acceptJsonOnly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '')
      done(null, {}); // parseAs: 'string'
    else
      parseJson(request, body as string, (error, value) =>
        done(error && isPlainJson(body as string) ? forbiddenKey() : error, value),
      );
  });
}

/** Fastify words a refused prototype key as invalid JSON; JSON.parse (which sets no prototype) tells the two apart. */
function isPlainJson(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * A path with a NUL character names no route and no file: 400 before anything reads it (the static files of
 * /docs handed it to the file system, which threw).
 */
function refuseNulInPath(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const path = request.url.split('?')[0];
    if (!/%00/.test(path)) return done();
    sendProblem(reply, {
      type: 'about:blank',
      title: titleOf(400),
      status: 400,
      detail: 'The path contains a NUL character (%00)',
    });
  });
}

function forbiddenKey(): Error {
  return new DomainProblem(
    400,
    'Body is valid JSON but contains a forbidden key (__proto__, or constructor.prototype)',
    'forbidden-json-key',
  );
}

export async function startService(
  module: unknown,
  description: ServiceDescription,
  config: BaseServiceConfig,
): Promise<NestFastifyApplication> {
  const tracing = startTracing(description.serviceName);
  const app = await createServiceApp(module, description);
  await app.listen(config.PORT, '0.0.0.0');
  const logger = app.get<Logger>(ROOT_LOGGER);
  logger.info({ tracing }, `${description.serviceName} listening on :${config.PORT}`);
  exitGracefullyOnSignals(app, logger);
  return app;
}

/** Longest a graceful shutdown may take before the process gives up (below Kubernetes' grace period). */
const SHUTDOWN_TIMEOUT_MS = 30000;

/**
 * SIGTERM/SIGINT: readiness fails first, consumers and the outbox relay stop (finishing in-flight work and
 * committing offsets), then the HTTP server and the pool close; exit 0. Nest's own shutdown hooks would
 * re-raise the signal instead, which reads as a crash to a supervisor.
 */
function exitGracefullyOnSignals(app: NestFastifyApplication, logger: Logger): void {
  let closing = false;
  const shutdown = (signal: string) => {
    // SIGINT to the process group and SIGTERM from a supervisor can both arrive: close once.
    if (closing) return;
    closing = true;
    logger.info(`${signal}: shutting down gracefully`);
    setTimeout(() => {
      logger.error('graceful shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    app.close().then(
      // the spans of the last work, flushed to the collector before the process goes
      () => stopTracing().then(() => process.exit(0)),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
