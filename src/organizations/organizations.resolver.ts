import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { emailAsSeenBy } from '../access/access-policy.js';
import { CurrentViewer, Roles } from '../viewer/viewer.decorators.js';
import type { Viewer } from '../viewer/viewer.js';
import { OrganizationKind, Role } from '../common/enums.js';
import type { GqlContext } from '../viewer/gql-context.js';
import type { OrganizationLoaders } from './organization.loaders.js';
import { DirectField } from '../graphql/direct-fields.js';
import { MemberState } from '../reference/member-state.entity.js';
import { ReferenceService } from '../reference/reference.service.js';
import { CreateOrganizationInput, CreateUserInput } from './organization.inputs.js';
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

  @ResolveField(() => MemberState, { nullable: true, description: 'Set for MEMBER_STATE organizations' })
  @DirectField('Organization')
  memberState(organization: Organization): MemberState | null {
    return organization.memberStateCode
      ? (this.reference.memberState(organization.memberStateCode) ?? null)
      : null;
  }
}

@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly service: OrganizationsService) {}

  @Query(() => User)
  me(@CurrentViewer() viewer: Viewer): Promise<User> {
    return this.service.me(viewer);
  }

  @Mutation(() => User)
  @Roles(Role.ADMIN)
  createUser(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateUserInput): Promise<User> {
    return this.service.createUser(viewer, input);
  }

  /** Wherever a user reaches a viewer (actors, authors, proposers), through the one policy. */
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
