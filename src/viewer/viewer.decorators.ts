import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import type { Viewer } from './viewer.js';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** The operation needs no access token (login, refreshToken). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only viewers holding one of these roles may run the operation; others get FORBIDDEN. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The signed-in viewer, set by the auth guard. */
export const CurrentViewer = createParamDecorator((_: unknown, context: ExecutionContext): Viewer =>
  viewerOf(GqlExecutionContext.create(context).getContext<{ req: { viewer?: Viewer } }>()),
);

/** The signed-in viewer from the GraphQL context (also for field resolvers called without decorators). */
export function viewerOf(context: { req: { viewer?: Viewer } }): Viewer {
  const viewer = context.req.viewer;
  if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
  return viewer;
}
