import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Role } from '../common/enums.js';
import { User } from '../organizations/user.entity.js';
import type { GqlContext } from '../viewer/gql-context.js';
import { CurrentViewer, Public, Roles } from '../viewer/viewer.decorators.js';
import { AuthService } from './auth.service.js';
import { AccountsService } from './accounts.service.js';
import { AuthPayload, InviteUserInput, LoginInput } from './auth.types.js';
import { Invitation } from './invitation.entity.js';
import type { Viewer } from '../viewer/viewer.js';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountsService,
  ) {}

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

  @Mutation(() => Invitation, {
    description:
      'Invites a person by e-mail (an ADMIN anyone; a focal point into their own organization, with their own roles at most); inviting again replaces the token',
  })
  inviteUser(@CurrentViewer() viewer: Viewer, @Args('input') input: InviteUserInput): Promise<Invitation> {
    return this.accounts.invite(viewer, input);
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description: "Sets the invited person's password with the invitation's one-time token and signs them in",
  })
  acceptInvitation(
    @Args('token') token: string,
    @Args('password', { description: 'At least 12 characters' }) password: string,
  ): Promise<AuthPayload> {
    return this.accounts.acceptInvitation(token, password);
  }

  @Public()
  @Mutation(() => Boolean, {
    description:
      'Sends a one-time reset link to the account, if it exists and is active (at most 3 a day); always answers true',
  })
  requestPasswordReset(@Args('email') email: string): Promise<boolean> {
    return this.accounts.requestPasswordReset(email);
  }

  @Public()
  @Mutation(() => Boolean, {
    description: "Sets a new password with a reset link's token; every sign-in ends",
  })
  resetPassword(
    @Args('token') token: string,
    @Args('newPassword', { description: 'At least 12 characters' }) newPassword: string,
  ): Promise<boolean> {
    return this.accounts.resetPassword(token, newPassword);
  }
}
