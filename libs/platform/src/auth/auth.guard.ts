import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Principal, Role } from './principal';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

export const IS_PUBLIC = 'selvbook:public';
export const ROLES_KEY = 'selvbook:roles';
export const LIMIT_PER_CITIZEN = 'selvbook:limitPerCitizen';

/** Open to anyone (health, metrics), and never rate limited: everything else needs a valid bearer token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Which roles may call this handler (or every handler of this controller). */
export const Roles = (...roles: Role[]) =>
  // the OpenAPI document shows the bearer scheme and the roles on every operation that needs them
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth('bearer'), ApiExtension('x-roles', roles));

/**
 * The booking path: besides the caller's own rate limit, limited per citizen booked for (the citizen's own
 * token, or the `citizenId` a caseworker books for), so one token cannot take a calendar.
 */
export const LimitPerCitizen = () => SetMetadata(LIMIT_PER_CITIZEN, true);

/** The verified principal of the current request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<FastifyRequest & { principal: Principal }>().principal;
});

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  /**
   * createServiceApp has already authenticated the request before its body was read (http/route-access.ts)
   * and set `request.principal`; this guard is the same check for an app built without it.
   */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    if (!request.principal) {
      const [scheme, token] = (request.headers.authorization ?? '').split(' ');
      if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('a bearer token is required');
      try {
        request.principal = await this.verifier.verify(token);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw new UnauthorizedException(error.message);
        throw error;
      }
    }
    const refusal = rolesRefusal(
      request.principal.role,
      this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
    );
    if (refusal) throw new ForbiddenException(refusal);
    return true;
  }
}

/** Why a role may not call a handler that allows `roles`, or undefined if it may. */
export function rolesRefusal(role: Role, roles: readonly Role[] | undefined): string | undefined {
  if (!roles) return 'this endpoint declares no roles';
  return roles.includes(role) ? undefined : `role ${role} may not do this; allowed: ${roles.join(', ')}`;
}

/** A citizen may act only for themself; other roles are checked by the owning use case. */
export function assertSelfOrStaff(principal: Principal, citizenId: string): void {
  if (principal.role === 'citizen' && principal.citizenId !== citizenId) {
    throw new ForbiddenException('a citizen may only see and change their own meetings and deadlines');
  }
}
