import { CanActivate, createParamDecorator, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Principal, Role } from './principal';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

const PUBLIC = 'selvbook:public';
const ROLES_KEY = 'selvbook:roles';

/** Open to anyone (health, metrics): everything else needs a valid bearer token. */
export const Public = () => SetMetadata(PUBLIC, true);

/** Which roles may call this handler (or every handler of this controller). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

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

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('a bearer token is required');
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(error.message);
      throw error;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) throw new ForbiddenException('this endpoint declares no roles');
    if (!roles.includes(request.principal.role)) {
      throw new ForbiddenException(`role ${request.principal.role} may not do this; allowed: ${roles.join(', ')}`);
    }
    return true;
  }
}

/** A citizen may act only for themself; other roles are checked by the owning use case. */
export function assertSelfOrStaff(principal: Principal, citizenId: string): void {
  if (principal.role === 'citizen' && principal.citizenId !== citizenId) {
    throw new ForbiddenException('a citizen may only see and change their own meetings and deadlines');
  }
}
