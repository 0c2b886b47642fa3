import { Args, Context, ID, Int, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, viewerOf } from '../viewer/viewer.decorators.js';
import type { Viewer } from '../viewer/viewer.js';
import { OfferAction } from '../common/enums.js';
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
import { AssistanceOffer } from './assistance-offer.entity.js';
import { CreateOfferInput, OfferFilter, UpdateOfferInput } from './offer.inputs.js';
import { OffersService } from './offers.service.js';

/** The loaders this resolver's fields read. */
type OfferContext = GqlContext<OrganizationLoaders & HistoryLoaders>;

@ObjectType()
export class AssistanceOfferConnection extends Connection(AssistanceOffer, 'AssistanceOffer') {}

@Resolver(() => AssistanceOffer)
export class OffersResolver {
  constructor(
    private readonly service: OffersService,
    private readonly reference: ReferenceService,
  ) {}

  @Query(() => AssistanceOfferConnection)
  offers(
    @CurrentViewer() viewer: Viewer,
    @Context() context: OfferContext,
    @Args('filter', { type: () => OfferFilter, nullable: true }) filter?: OfferFilter | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<Page<AssistanceOffer>> {
    return withIncludedOrganizations(context.loaders, this.service.list(viewer, filter, first, after));
  }

  @Query(() => AssistanceOffer)
  offer(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AssistanceOffer> {
    return this.service.get(viewer, id);
  }

  @Mutation(() => AssistanceOffer)
  createOffer(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: CreateOfferInput,
  ): Promise<AssistanceOffer> {
    return this.service.create(viewer, input);
  }

  @Mutation(() => AssistanceOffer)
  updateOffer(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateOfferInput,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
  ): Promise<AssistanceOffer> {
    return this.service.update(viewer, id, input, expectedVersion);
  }

  @Mutation(() => AssistanceOffer)
  transitionOffer(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('action', { type: () => OfferAction }) action: OfferAction,
    @Args('reason', { type: () => String, nullable: true }) reason?: string | null,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number | null,
  ): Promise<AssistanceOffer> {
    return this.service.transition(viewer, id, action, reason, expectedVersion);
  }

  @ResolveField(() => Organization)
  @DirectField('AssistanceOffer')
  providerOrganization(
    offer: AssistanceOffer,
    _args: unknown,
    context: OfferContext,
  ): Promise<Organization | null> {
    return context.loaders.organization.load(offer.providerOrganizationId);
  }

  @ResolveField(() => [MemberState], { description: 'Empty means every State (subject to eligibleRegions)' })
  @DirectField('AssistanceOffer')
  eligibleStates(offer: AssistanceOffer): MemberState[] {
    return offer.eligibleStateCodes.flatMap((code) => this.reference.memberState(code) ?? []);
  }

  @ResolveField(() => Money, { nullable: true })
  @DirectField('AssistanceOffer')
  budget(offer: AssistanceOffer): Money | null {
    return money(offer.budgetAmount, offer.budgetCurrency);
  }

  @ResolveField(() => [StatusChange])
  @DirectField('AssistanceOffer')
  history(offer: AssistanceOffer, _args: unknown, context: OfferContext): Promise<StatusChange[]> {
    return context.loaders.history.load(offer.id);
  }

  @ResolveField(() => [OfferAction])
  @DirectField('AssistanceOffer')
  allowedActions(offer: AssistanceOffer, _args: unknown, context: OfferContext): OfferAction[] {
    return this.service.allowedActions(viewerOf(context), offer);
  }
}

export class OfferConnectionResolver extends TotalCountResolver(AssistanceOfferConnection) {}
