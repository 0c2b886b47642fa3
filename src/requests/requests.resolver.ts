import { Args, Context, ID, Int, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, viewerOf } from '../viewer/viewer.decorators.js';
import type { Viewer } from '../viewer/viewer.js';
import { RequestAction } from '../common/enums.js';
import type { GqlContext } from '../viewer/gql-context.js';
import { Money, money } from '../common/money.js';
import { Connection, type Page, TotalCountResolver } from '../common/pagination.js';
import { DirectField } from '../graphql/direct-fields.js';
import { Organization } from '../organizations/organization.entity.js';
import {
  type OrganizationLoaders,
  withIncludedOrganizations,
} from '../organizations/organization.loaders.js';
import { MemberState } from '../reference/member-state.entity.js';
import { ReferenceService } from '../reference/reference.service.js';
import type { HistoryLoaders } from '../workflow/history.loaders.js';
import { StatusChange } from '../workflow/status-change.entity.js';
import { AssistanceRequest } from './assistance-request.entity.js';
import { CreateRequestInput, RequestFilter, UpdateRequestInput } from './request.inputs.js';
import { RequestsService } from './requests.service.js';

/** The loaders this resolver's fields read. */
type RequestContext = GqlContext<OrganizationLoaders & HistoryLoaders>;

@ObjectType()
export class AssistanceRequestConnection extends Connection(AssistanceRequest, 'AssistanceRequest') {}

@Resolver(() => AssistanceRequest)
export class RequestsResolver {
  constructor(
    private readonly service: RequestsService,
    private readonly reference: ReferenceService,
  ) {}

  @Query(() => AssistanceRequestConnection)
  requests(
    @CurrentViewer() viewer: Viewer,
    @Context() context: RequestContext,
    @Args('filter', { type: () => RequestFilter, nullable: true }) filter?: RequestFilter | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<Page<AssistanceRequest>> {
    return withIncludedOrganizations(context.loaders, this.service.list(viewer, filter, first, after));
  }

  @Query(() => AssistanceRequest)
  request(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AssistanceRequest> {
    return this.service.get(viewer, id);
  }

  @Mutation(() => AssistanceRequest)
  createRequest(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateRequestInput,
  ): Promise<AssistanceRequest> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => AssistanceRequest)
  updateRequest(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateRequestInput,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
  ): Promise<AssistanceRequest> {
    return this.service.update(viewer, id, input, expectedVersion);
  }

  @Mutation(() => AssistanceRequest)
  transitionRequest(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('action', { type: () => RequestAction }) action: RequestAction,
    @Args('reason', { type: () => String, nullable: true }) reason?: string | null,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number | null,
  ): Promise<AssistanceRequest> {
    return this.service.transition(viewer, id, action, reason, expectedVersion);
  }

  @ResolveField(() => Organization)
  @DirectField('AssistanceRequest')
  async requestingOrganization(
    request: AssistanceRequest,
    _args: unknown,
    context: RequestContext,
  ): Promise<Organization | null> {
    return context.loaders.organization.load(request.requestingOrganizationId);
  }

  @ResolveField(() => [MemberState], {
    description: 'States that benefit; more than one for cross-border infrastructure (para 8)',
  })
  @DirectField('AssistanceRequest')
  beneficiaryStates(request: AssistanceRequest): MemberState[] {
    return request.beneficiaryStateCodes.flatMap((code) => this.reference.memberState(code) ?? []);
  }

  @ResolveField(() => Money, { nullable: true })
  @DirectField('AssistanceRequest')
  estimatedBudget(request: AssistanceRequest): Money | null {
    return money(request.budgetAmount, request.budgetCurrency);
  }

  @ResolveField(() => [StatusChange])
  @DirectField('AssistanceRequest')
  history(request: AssistanceRequest, _args: unknown, context: RequestContext): Promise<StatusChange[]> {
    return context.loaders.history.load(request.id);
  }

  @ResolveField(() => [RequestAction], { description: 'Actions the current viewer may take now' })
  @DirectField('AssistanceRequest')
  allowedActions(request: AssistanceRequest, _args: unknown, context: RequestContext): RequestAction[] {
    return this.service.allowedActions(viewerOf(context), request);
  }
}

export class RequestConnectionResolver extends TotalCountResolver(AssistanceRequestConnection) {}
