import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../viewer/gql-context.js';
import { CurrentViewer, Public } from '../viewer/viewer.decorators.js';
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
}
