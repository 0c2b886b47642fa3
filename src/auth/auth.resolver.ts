import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Role } from '../common/enums.js';
import { User } from '../organizations/user.entity.js';
import type { GqlContext } from '../viewer/gql-context.js';
import { CurrentViewer, Public, Roles } from '../viewer/viewer.decorators.js';
import { AuthService } from './auth.service.js';
import { AuthPayload, LoginInput } from './auth.types.js';
import type { Viewer } from '../viewer/viewer.js';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => AuthPayload)
  login(@Args('input') input: LoginInput, @Context() context: GqlContext): Promise<AuthPayload> {
    return this.auth.login(input.email, input.password, context.req.ip ?? null);
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description: 'Rotates: the refresh token given is spent; reusing a spent one revokes the whole family',
  })
  refreshToken(@Args('refreshToken') refreshToken: string): Promise<AuthPayload> {
    return this.auth.refresh(refreshToken);
  }

  @Mutation(() => Boolean, { description: 'Revokes every refresh token of this sign-in; false if not yours' })
  logout(@CurrentViewer() viewer: Viewer, @Args('refreshToken') refreshToken: string): Promise<boolean> {
    return this.auth.logout(viewer, refreshToken);
  }

  @Mutation(() => Boolean, {
    description: 'Changes your password; every other sign-in of yours ends, this one goes on',
  })
  changePassword(
    @CurrentViewer() viewer: Viewer,
    @Args('currentPassword') currentPassword: string,
    @Args('newPassword', { description: 'At least 12 characters' }) newPassword: string,
  ): Promise<boolean> {
    return this.auth.changePassword(viewer, currentPassword, newPassword);
  }

  @Mutation(() => User, {
    description:
      'Deactivates a user (ADMIN): no sign-in, and every live token refused at once; nothing they wrote is lost',
  })
  @Roles(Role.ADMIN)
  deactivateUser(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<User> {
    return this.auth.setActive(viewer, id, false);
  }

  @Mutation(() => User, { description: 'Reactivates a deactivated user (ADMIN); they sign in again' })
  @Roles(Role.ADMIN)
  reactivateUser(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<User> {
    return this.auth.setActive(viewer, id, true);
  }
}
