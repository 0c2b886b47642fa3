import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AuditEvent } from '../audit/audit.types.js';
import type { GqlContext } from '../viewer/gql-context.js';
import { DirectField } from '../graphql/direct-fields.js';
import { StatusChange } from '../workflow/status-change.entity.js';
import type { OrganizationLoaders } from './organization.loaders.js';
import { User } from './user.entity.js';

/** `actor` on audit events and status changes: the shared layers record an id, users live here. */
@Resolver(() => AuditEvent)
export class AuditEventActorResolver {
  @ResolveField(() => User, { nullable: true })
  actor(
    @Parent() event: AuditEvent,
    @Context() context: GqlContext<OrganizationLoaders>,
  ): Promise<User | null> | null {
    return event.actorId ? context.loaders.user.load(event.actorId) : null;
  }
}

@Resolver(() => StatusChange)
export class StatusChangeActorResolver {
  @ResolveField(() => User, { nullable: true, description: 'Set for manual changes' })
  @DirectField('StatusChange')
  actor(
    change: StatusChange,
    _args: unknown,
    context: GqlContext<OrganizationLoaders>,
  ): Promise<User | null> | null {
    return change.actorId ? context.loaders.user.load(change.actorId) : null;
  }
}
