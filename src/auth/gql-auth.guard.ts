import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import type { Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import type { Viewer } from './viewer.js';

/**
 * Global guard on every GraphQL operation: a valid access token of a sign-in that has not ended
 * (UNAUTHENTICATED otherwise) unless the operation is @Public(), then the roles of @Roles(...)
 * (FORBIDDEN otherwise).
 */
@Injectable()
export class GqlAuthGuard extends AuthGuard('jwt') {
  /** Requests whose viewer's sign-in was found still current (checked once per request). */
  private readonly current = new WeakSet<object>();

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {
    super();
  }

  override getRequest(context: ExecutionContext) {
    return GqlExecutionContext.create(context).getContext<{ req: unknown }>().req;
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true; // health checks and other HTTP routes
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const viewer = this.getRequest(context) as { viewer?: Viewer };
    // Verified once per HTTP request (by the rate limiter, or by the first root field's check).
    if (!viewer.viewer) await super.canActivate(context);
    if (!this.current.has(viewer)) {
      if (!viewer.viewer || (await this.auth.signInEnded(viewer.viewer))) throw unauthenticated();
      this.current.add(viewer);
    }
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (required?.length && !required.some((role) => viewer.viewer?.roles.includes(role))) {
      throw new DomainError('FORBIDDEN', 'Your role does not allow this operation');
    }
    return true;
  }

  override handleRequest<TUser = Viewer>(error: unknown, user: TUser | false): TUser {
    if (error || !user) throw unauthenticated();
    return user;
  }

  /** Passport stores the user on `req.user`; expose it as `req.viewer` too. */
  override getAuthenticateOptions() {
    return { session: false, property: 'viewer' };
  }
}

function unauthenticated(): DomainError {
  return new DomainError('UNAUTHENTICATED', 'A valid access token is required');
}
