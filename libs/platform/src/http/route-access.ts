import { ForbiddenException, HttpException, UnauthorizedException } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IS_PUBLIC, LIMIT_PER_CITIZEN, ROLES_KEY, rolesRefusal } from '../auth/auth.guard';
import { Principal, Role } from '../auth/principal';
import { InvalidTokenError, TokenVerifier } from '../auth/token-verifier';
import { sendProblem, toProblem } from './problem.filter';

/** Who may call a route, as its controller declares it (`@Public()`, `@Roles(...)`, `@LimitPerCitizen()`). */
export interface RouteAccess {
  public: boolean;
  /** undefined: the handler declares no roles (every caller is refused) */
  roles?: readonly Role[];
  /** the booking path: also limited per citizen (rate-limit.ts) */
  limitPerCitizen: boolean;
}

/** A route of the running app, as Fastify registered it. */
export interface ServiceRoute {
  method: string;
  url: string;
  /** undefined for routes that are not Nest handlers (the OpenAPI docs), which are public */
  access?: RouteAccess;
}

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

const ROUTES = Symbol('selvbook.routes');

/**
 * Copies each Nest handler's access declaration into its Fastify route config, so Fastify's onRequest hook
 * can check the token before the body is read (Nest's guards run only after it was parsed). Runs before the
 * routes are registered; class-level decorators count as Nest's guards count them (method overrides class).
 */
export function annotateRouteAccess(app: NestFastifyApplication): void {
  const reflector = app.get(Reflector);
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as unknown;
        if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, controller];
        const access: RouteAccess = {
          public: reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
          roles: reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
          limitPerCitizen: reflector.getAllAndOverride<boolean>(LIMIT_PER_CITIZEN, targets) === true,
        };
        const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as object | undefined) ?? {};
        Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, access }, handler);
      }
    }
  }
}

/**
 * Records every route Fastify registers (for the authorization matrix and the fuzz tests: nothing is listed by hand).
 */
export function recordRoutes(fastify: FastifyInstance): void {
  const routes: ServiceRoute[] = [];
  (fastify as unknown as Record<symbol, ServiceRoute[]>)[ROUTES] = routes;
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, access });
  });
}

/** The routes of a running service app, as registered. */
export function serviceRoutes(app: NestFastifyApplication): ServiceRoute[] {
  const routes = (app.getHttpAdapter().getInstance() as unknown as Record<symbol, ServiceRoute[] | undefined>)[ROUTES];
  if (!routes) throw new Error('routes are recorded only by createServiceApp');
  return [...routes];
}

export function accessOf(request: FastifyRequest): RouteAccess | undefined {
  return (request.routeOptions.config as { access?: RouteAccess } | undefined)?.access;
}

/**
 * Authenticates in Fastify's onRequest phase: the token is checked (and the role) before a byte of the body
 * is read or parsed, so an anonymous client cannot make the service parse a megabyte of JSON. Sets
 * `request.principal` for the guard and the handlers; a route without an access declaration (unknown path,
 * the OpenAPI docs) needs no token. The refusal is left to `refuse`, after the rate limit has counted it.
 */
export async function authenticate(
  request: AuthenticatedRequest,
  verifier: TokenVerifier,
): Promise<HttpException | undefined> {
  const access = accessOf(request);
  if (!access || access.public) return undefined;
  const [scheme, token] = (request.headers.authorization ?? '').split(' ');
  if (scheme !== 'Bearer' || !token) return new UnauthorizedException('a bearer token is required');
  try {
    request.principal = await verifier.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) return new UnauthorizedException(error.message);
    throw error;
  }
  const refusal = rolesRefusal(request.principal.role, access.roles);
  return refusal ? new ForbiddenException(refusal) : undefined;
}

/** Answers the refusal as problem+json without reading the body. */
export function refuse(request: FastifyRequest, reply: FastifyReply, refusal: HttpException): FastifyReply {
  closeIfBodyPending(request, reply);
  sendProblem(reply, toProblem(refusal, request.url));
  return reply;
}

/**
 * A request refused before its body was read: the connection closes after the answer, so a client still
 * uploading neither keeps it busy nor has Node read and discard the rest for the next request.
 */
export function closeIfBodyPending(request: FastifyRequest, reply: FastifyReply): void {
  const length = request.headers['content-length'];
  if ((length && length !== '0') || request.headers['transfer-encoding']) reply.header('connection', 'close');
}
