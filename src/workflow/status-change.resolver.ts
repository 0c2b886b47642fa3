import { ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../common/gql-context.js';
import { DirectField } from '../graphql/direct-fields.js';
import { User } from '../organizations/user.entity.js';
import { StatusChange } from './status-change.entity.js';

@Resolver(() => StatusChange)
export class StatusChangeResolver {
  @ResolveField(() => User, { nullable: true, description: 'Set for manual changes' })
  @DirectField('StatusChange')
  actor(change: StatusChange, _args: unknown, context: GqlContext): Promise<User | null> | null {
    return change.actorId ? context.loaders.user.load(change.actorId) : null;
  }
}
