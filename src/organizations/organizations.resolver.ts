import {
  Args,
  GraphQLISODateTime,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Connection, type Page, TotalCountResolver } from '../common/pagination.js';
import { emailAsSeenBy, seesAccountState } from '../access/access-policy.js';
import { CurrentViewer, Roles } from '../viewer/viewer.decorators.js';
import type { Viewer } from '../viewer/viewer.js';
import { OrganizationKind, Role } from '../common/enums.js';
import type { GqlContext } from '../viewer/gql-context.js';
import type { OrganizationLoaders } from './organization.loaders.js';
import { DirectField } from '../graphql/direct-fields.js';
import { MemberState } from '../reference/member-state.entity.js';
import { ReferenceService } from '../reference/reference.service.js';
import { deliveryOf, NOTIFICATION_KINDS } from '../common/notification-kinds.js';
import {
  CreateOrganizationInput,
  CreateUserInput,
  NotificationPreference,
  UpdateMeInput,
  UpdateOrganizationInput,
  UserFilter,
} from './organization.inputs.js';
import { Organization } from './organization.entity.js';
import { OrganizationsService } from './organizations.service.js';
import { User } from './user.entity.js';

@Resolver(() => Organization)
export class OrganizationsResolver {
  constructor(
    private readonly service: OrganizationsService,
    private readonly reference: ReferenceService,
  ) {}

  @Query(() => [Organization])
  organizations(
    @Args('kind', { type: () => OrganizationKind, nullable: true }) kind?: OrganizationKind | null,
  ): Promise<Organization[]> {
    return this.service.organizations(kind);
  }

  @Mutation(() => Organization)
  @Roles(Role.ADMIN)
  createOrganization(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateOrganizationInput,
  ): Promise<Organization> {
    return this.service.createOrganization(viewer, input);
  }

  @Mutation(() => Organization, {
    description: 'Renames an organization or sets its IATI organisation identifier (ADMIN)',
  })
  @Roles(Role.ADMIN)
  updateOrganization(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateOrganizationInput,
  ): Promise<Organization> {
    return this.service.updateOrganization(viewer, id, input);
  }

  @ResolveField(() => MemberState, { nullable: true, description: 'Set for MEMBER_STATE organizations' })
  @DirectField('Organization')
  memberState(organization: Organization): MemberState | null {
    return organization.memberStateCode
      ? (this.reference.memberState(organization.memberStateCode) ?? null)
      : null;
  }
}

@ObjectType('UserConnection')
export class UserConnection extends Connection(User, 'User') {}

/** totalCount of UserConnection. */
export class UserConnectionResolver extends TotalCountResolver(UserConnection) {}

@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly service: OrganizationsService) {}

  @Query(() => User)
  me(@CurrentViewer() viewer: Viewer): Promise<User> {
    return this.service.me(viewer);
  }

  @Query(() => UserConnection, {
    description:
      "The user directory, newest first: every user for an ADMIN, their own organization's for a focal point",
  })
  users(
    @CurrentViewer() viewer: Viewer,
    @Args('filter', { type: () => UserFilter, nullable: true }) filter?: UserFilter | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<Page<User>> {
    return this.service.users(viewer, filter, first, after);
  }

  @Mutation(() => User, { description: 'Changes your own display name or preferred language' })
  updateMe(@CurrentViewer() viewer: Viewer, @Args('input') input: UpdateMeInput): Promise<User> {
    return this.service.updateMe(viewer, input);
  }

  @Mutation(() => User)
  @Roles(Role.ADMIN)
  createUser(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateUserInput): Promise<User> {
    return this.service.createUser(viewer, input);
  }

  /** Wherever a user reaches a viewer (actors, authors, proposers), through the one policy. */
  @ResolveField(() => Boolean, {
    nullable: true,
    description:
      'False once an ADMIN has deactivated the account; null unless it is yours or you manage it (ADMIN, a focal point of its organization)',
  })
  @DirectField('User')
  active(user: User, _args: unknown, context: GqlContext<OrganizationLoaders>): boolean | null {
    return seesAccountState(context.req?.viewer, user) ? user.deactivatedAt == null : null;
  }

  @ResolveField(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'When an ADMIN deactivated the account; null while it is active, or unless you see its state',
  })
  @DirectField('User')
  deactivatedAt(user: User, _args: unknown, context: GqlContext<OrganizationLoaders>): Date | null {
    return seesAccountState(context.req?.viewer, user) ? user.deactivatedAt : null;
  }

  @ResolveField(() => [NotificationPreference], {
    nullable: true,
    description: 'How each kind of notification reaches your inbox; null on any user but yourself',
  })
  @DirectField('User')
  notificationPreferences(
    user: User,
    _args: unknown,
    context: GqlContext<OrganizationLoaders>,
  ): NotificationPreference[] | null {
    if (context.req?.viewer?.id !== user.id) return null;
    return Object.keys(NOTIFICATION_KINDS).map((kind) => ({
      kind,
      delivery: deliveryOf(user.notificationPreferences, kind),
    }));
  }

  @ResolveField(() => String)
  @DirectField('User')
  email(user: User, _args: unknown, context: GqlContext<OrganizationLoaders>): string {
    return emailAsSeenBy(context.req?.viewer, user.email);
  }

  @ResolveField(() => Organization, { nullable: true })
  @DirectField('User')
  organization(
    user: User,
    _args: unknown,
    context: GqlContext<OrganizationLoaders>,
  ): Promise<Organization | null> | null {
    return user.organizationId ? context.loaders.organization.load(user.organizationId) : null;
  }
}
