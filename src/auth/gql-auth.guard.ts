import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { bearerToken } from '../viewer/access-token.js';
import { PUBLIC_KEY, ROLES_KEY } from '../viewer/viewer.decorators.js';
import { AuthService } from './auth.service.js';
import type { Viewer } from '../viewer/viewer.js';

/**
 * Global guard on every GraphQL operation: a valid access token of a sign-in that has not ended
 * (UNAUTHENTICATED otherwise) unless the operation is @Public(), then the roles of @Roles(...)
 * (FORBIDDEN otherwise). `req.viewer` is only ever set by that one check (AuthService.viewerOfToken),
 * here or by the rate limiter, so each HTTP request checks its token once.
 */
@Injectable()
export class GqlAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true; // health checks and other HTTP routes
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = GqlExecutionContext.create(context).getContext<{
      req: FastifyRequest & { viewer?: Viewer };
    }>().req;
    request.viewer ??=
      (await this.auth.viewerOfToken(bearerToken(request.headers.authorization))) ?? undefined;
    const viewer = request.viewer;
    if (!viewer) throw new DomainError('UNAUTHENTICATED', 'A valid access token is required');
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required?.length && !required.some((role) => viewer.roles.includes(role))) {
      throw new DomainError('FORBIDDEN', 'Your role does not allow this operation');
    }
    return true;
  }
}
