import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../common/gql-context.js';
import { User } from '../organizations/user.entity.js';
import { StatusChange } from './status-change.entity.js';

@Resolver(() => StatusChange)
export class StatusChangeResolver {
  @ResolveField(() => User, { nullable: true, description: 'Set for manual changes' })
  actor(@Parent() change: StatusChange, @Context() context: GqlContext): Promise<User | null> | null {
    return change.actorId ? context.loaders.user.load(change.actorId) : null;
  }
}
