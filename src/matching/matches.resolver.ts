import type { Type } from '@nestjs/common';
import { Args, ID, Int, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Roles, viewerOf } from '../viewer/viewer.decorators.js';
import type { Viewer } from '../viewer/viewer.js';
import { Decision, MatchAction, PublicationConsent, Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import type { GqlContext } from '../viewer/gql-context.js';
import { Connection, type Page, TotalCountResolver } from '../common/pagination.js';
import { DirectField } from '../graphql/direct-fields.js';
import { AssistanceOffer } from '../offers/assistance-offer.entity.js';
import type { OfferLoaders } from '../offers/offer.loaders.js';
import type { OrganizationLoaders } from '../organizations/organization.loaders.js';
import { User } from '../organizations/user.entity.js';
import { AssistanceRequest } from '../requests/assistance-request.entity.js';
import type { RequestLoaders } from '../requests/request.loaders.js';
import type { HistoryLoaders } from '../workflow/history.loaders.js';
import { StatusChange } from '../workflow/status-change.entity.js';
import { Match } from './match.entity.js';
import type { MatchLoaders } from './match.loaders.js';
import {
  Evaluation,
  EvaluationInput,
  MatchFilter,
  MatchingRoundInput,
  MatchingRoundResult,
  MatchSuggestion,
  ProposeMatchInput,
  RequestSuggestion,
  ScoreComponentType,
} from './match.types.js';
import { MatchesService } from './matches.service.js';
import { ProposalsService } from './proposals.service.js';
import { RoundsService } from './rounds.service.js';
import {
  type Direction,
  OFFERS_FOR_REQUEST,
  REQUESTS_FOR_OFFER,
  SuggestionsService,
} from './suggestions.service.js';

/** The loaders this resolver's fields read. */
type MatchContext = GqlContext<
  RequestLoaders & OfferLoaders & OrganizationLoaders & HistoryLoaders & MatchLoaders
>;

@ObjectType()
export class MatchConnection extends Connection(Match, 'Match') {}

async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  const found = await value;
  if (!found) throw DomainError.notFound(what);
  return found;
}

@Resolver(() => Match)
export class MatchesResolver {
  constructor(
    private readonly service: MatchesService,
    private readonly proposals: ProposalsService,
    private readonly rounds: RoundsService,
  ) {}

  @Query(() => MatchConnection)
  matches(
    @CurrentViewer() viewer: Viewer,
    @Args('filter', { type: () => MatchFilter, nullable: true }) filter?: MatchFilter | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<Page<Match>> {
    return this.service.list(viewer, filter, first, after);
  }

  @Query(() => Match)
  match(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Match> {
    return this.service.get(viewer, id);
  }

  @Mutation(() => Match, {
    description:
      'By a COORDINATOR, by the requesting organization (interest in an offer) or by the provider (offer to a request)',
  })
  proposeMatch(@CurrentViewer() viewer: Viewer, @Args('input') input: ProposeMatchInput): Promise<Match> {
    return this.proposals.propose(viewer, input);
  }

  @Mutation(() => Match)
  respondToMatch(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('decision', { type: () => Decision }) decision: Decision,
    @Args('comment', { type: () => String, nullable: true }) comment?: string | null,
  ): Promise<Match> {
    return this.service.respond(viewer, id, decision, comment);
  }

  @Mutation(() => Match)
  transitionMatch(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('action', { type: () => MatchAction }) action: MatchAction,
    @Args('reason', { type: () => String, nullable: true }) reason?: string | null,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number | null,
  ): Promise<Match> {
    return this.service.transition(viewer, id, action, reason, expectedVersion);
  }

  @Mutation(() => Match, {
    description:
      "The requesting organization's consent to publishing the match in its provider's IATI exports (REQUESTER of that organization; audited)",
  })
  setMatchPublicationConsent(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('consent', { type: () => PublicationConsent }) consent: PublicationConsent,
  ): Promise<Match> {
    return this.service.setPublicationConsent(viewer, id, consent);
  }

  @Mutation(() => Match, { description: 'By the requesting organization or a coordinator, once DELIVERED' })
  evaluateMatch(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: EvaluationInput,
  ): Promise<Match> {
    return this.service.evaluate(viewer, id, input);
  }

  @Mutation(() => MatchingRoundResult, {
    description: 'Optimal capacitated assignment of OPEN requests to PUBLISHED offers (COORDINATOR)',
  })
  @Roles(Role.COORDINATOR)
  runMatchingRound(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: MatchingRoundInput,
  ): Promise<MatchingRoundResult> {
    return this.rounds.matchingRound(viewer, input);
  }

  @ResolveField(() => AssistanceRequest)
  @DirectField('Match')
  request(match: Match, _args: unknown, context: MatchContext): Promise<AssistanceRequest> {
    return required(context.loaders.request.load(match.requestId), 'Request');
  }

  @ResolveField(() => AssistanceOffer)
  @DirectField('Match')
  offer(match: Match, _args: unknown, context: MatchContext): Promise<AssistanceOffer> {
    return required(context.loaders.offer.load(match.offerId), 'Offer');
  }

  @ResolveField(() => [ScoreComponentType])
  @DirectField('Match')
  scoreBreakdown(match: Match): ScoreComponentType[] {
    return match.scoreBreakdownData;
  }

  @ResolveField(() => User)
  @DirectField('Match')
  proposedBy(match: Match, _args: unknown, context: MatchContext): Promise<User> {
    return required(context.loaders.user.load(match.proposedBy), 'User');
  }

  @ResolveField(() => Evaluation, { nullable: true })
  @DirectField('Match')
  async evaluation(match: Match, _args: unknown, context: MatchContext): Promise<Evaluation | null> {
    if (match.evaluationRating === null || !match.evaluatedBy || !match.evaluatedAt) return null;
    return {
      rating: match.evaluationRating,
      outcomeSummary: match.evaluationOutcome ?? '',
      goodPractice: match.evaluationGoodPractice,
      lessonsLearned: match.evaluationLessons,
      evaluatedAt: match.evaluatedAt,
      evaluatedById: match.evaluatedBy,
      evaluatedBy: await required(context.loaders.user.load(match.evaluatedBy), 'User'),
    };
  }

  @ResolveField(() => [StatusChange])
  @DirectField('Match')
  history(match: Match, _args: unknown, context: MatchContext): Promise<StatusChange[]> {
    return context.loaders.history.load(match.id);
  }

  @ResolveField(() => [MatchAction])
  @DirectField('Match')
  allowedActions(match: Match, _args: unknown, context: MatchContext): MatchAction[] {
    return this.service.allowedActions(viewerOf(context), match);
  }
}

export class MatchConnectionResolver extends TotalCountResolver(MatchConnection) {}

/**
 * The query of one direction of suggestions (`suggestOffers`, `suggestRequests`): the known side's
 * id argument, a limit, and the ranked candidates under the field `candidate` of `type`.
 */
function SuggestionsResolver<K extends { id: string }, C extends { id: string }>(spec: {
  name: string;
  description: string;
  idArgument: string;
  type: Type<unknown>;
  candidate: 'offer' | 'request';
  direction: Direction<K, C>;
}) {
  @Resolver({ isAbstract: true })
  abstract class Suggestions {
    constructor(readonly suggestions: SuggestionsService) {}

    @Query(() => [spec.type], { name: spec.name, description: spec.description })
    async suggest(
      @CurrentViewer() viewer: Viewer,
      @Args(spec.idArgument, { type: () => ID }) id: string,
      @Args('limit', { type: () => Int, nullable: true, defaultValue: 10 }) limit?: number | null,
    ): Promise<Record<string, unknown>[]> {
      const ranked = await this.suggestions.suggest(viewer, spec.direction, id, limit);
      return ranked.map(({ item, score, breakdown }) => ({ [spec.candidate]: item, score, breakdown }));
    }
  }
  return Suggestions;
}

@Resolver()
export class OfferSuggestionsResolver extends SuggestionsResolver({
  name: 'suggestOffers',
  description: 'Ranked offers for a request, best first, with the reasons for each score',
  idArgument: 'requestId',
  type: MatchSuggestion,
  candidate: 'offer',
  direction: OFFERS_FOR_REQUEST,
}) {}

@Resolver()
export class RequestSuggestionsResolver extends SuggestionsResolver({
  name: 'suggestRequests',
  description: 'Ranked requests for an offer, best first',
  idArgument: 'offerId',
  type: RequestSuggestion,
  candidate: 'request',
  direction: REQUESTS_FOR_OFFER,
}) {}

/** `matches` on requests and offers: the matches on them the viewer may see. */
@Resolver(() => AssistanceRequest)
export class RequestMatchesResolver {
  @ResolveField(() => [Match])
  @DirectField('AssistanceRequest')
  matches(request: AssistanceRequest, _args: unknown, context: MatchContext): Promise<Match[]> {
    return context.loaders.matchesByRequest.load(request.id);
  }
}

@Resolver(() => AssistanceOffer)
export class OfferMatchesResolver {
  @ResolveField(() => [Match])
  @DirectField('AssistanceOffer')
  matches(offer: AssistanceOffer, _args: unknown, context: MatchContext): Promise<Match[]> {
    return context.loaders.matchesByOffer.load(offer.id);
  }
}
