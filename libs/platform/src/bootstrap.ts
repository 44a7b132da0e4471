import { HttpException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { BaseServiceConfig } from './config/base-service.config';
import { ConfigError, loadConfig } from './config/load-config';
import { DtoValidationPipe } from './http/dto-validation.pipe';
import { useEventContext } from './http/request-context';
import { accessLog } from './logging/access-log';
import { NestPinoLogger } from './logging/nest-logger';
import { ROOT_LOGGER } from './platform.module';
import { ProblemDetailsFilter, sendProblem, toProblem } from './http/problem.filter';

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

export interface ServiceDescription {
  serviceName: string;
  title: string;
  description: string;
}

/**
 * Creates the HTTP app the same way for every service: validation, problem+json, docs, graceful shutdown.
 * On Fastify: Nest on Express cost ≈ 0.18 ms of CPU per validated POST on this project's machine, on Fastify
 * ≈ 0.07 ms (docs/benchmarks.md, "Sixth session"), where a whole booking costs ≈ 2.2 ms of both cores.
 */
export async function createServiceApp(module: unknown, description: ServiceDescription): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    routerOptions: { ignoreTrailingSlash: true }, // '/v1/bookings/' answers as '/v1/bookings', as it did on Express
    // what Fastify refuses before any route runs (a malformed %-escape in the path) answers as problem+json too
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      sendProblem(reply, toProblem(new HttpException(error.message, error.statusCode ?? 400), request.url));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, {
    bufferLogs: true,
    bodyParser: false, // JSON only, below
  });
  const logger = app.get<Logger>(ROOT_LOGGER);
  app.useLogger(new NestPinoLogger(logger));
  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonOnly(fastify);
  const log = accessLog(logger);
  fastify.addHook('onRequest', (request, reply, done) => log(request.raw, reply.raw, done));
  useEventContext(fastify, logger);
  app.useGlobalPipes(new DtoValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(description.title).setDescription(description.description).setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}

/**
 * The API speaks JSON: any other body is 415. An empty body sent as JSON reads as `{}` (a POST that needs no
 * body, sent by a client that always names its content type), then the DTO decides; a malformed one is 400.
 * Fastify's own JSON parser keeps out `__proto__` and `constructor.prototype` keys.
 */
function acceptJsonOnly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, {}); // parseAs: 'string'
    else parseJson(request, body as string, done);
  });
}

export async function startService(module: unknown, description: ServiceDescription, config: BaseServiceConfig): Promise<NestFastifyApplication> {
  const app = await createServiceApp(module, description);
  await app.listen(config.PORT, '0.0.0.0');
  const logger = app.get<Logger>(ROOT_LOGGER);
  logger.info(`${description.serviceName} listening on :${config.PORT}`);
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
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
