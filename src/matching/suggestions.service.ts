import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { visibleQuery } from '../access/visible-query.js';
import type { Viewer } from '../auth/viewer.js';
import { PartyDecision, RequestStatus } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import * as rules from '../common/input-rules.js';
import { AssistanceOffer } from '../offers/assistance-offer.entity.js';
import { OFFER_OWNED, OffersService } from '../offers/offers.service.js';
import { M49_REGIONS } from '../reference/reference.service.js';
import { AssistanceRequest } from '../requests/assistance-request.entity.js';
import { REQUEST_OWNED, RequestsService } from '../requests/requests.service.js';
import { optimalAssignment } from './assignment.js';
import { HARD_FILTERS } from './hard-filters.js';
import { MatchesService } from './matches.service.js';
import type { MatchingRoundInput, MatchingRoundResult } from './match.types.js';
import { scorePair, type ScoreComponent } from './scoring.js';

export interface Scored<T> {
  item: T;
  score: number;
  breakdown: ScoreComponent[];
}

const SUGGESTION_LIMIT_MAX = 100;

/** Ranked suggestions for one request or offer, and optimal matching rounds over many. */
@Injectable()
export class SuggestionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: RequestsService,
    private readonly offers: OffersService,
    private readonly matches: MatchesService,
  ) {}

  /** Offers that pass the hard filters for the request, best first, among those the viewer may see. */
  async suggestOffers(
    viewer: Viewer,
    requestId: string,
    limit: number | null | undefined,
  ): Promise<Scored<AssistanceOffer>[]> {
    const size = suggestionLimit(limit);
    const request = await this.requests.get(viewer, requestId);
    if (request.status !== RequestStatus.OPEN) return [];
    const offers = await visibleQuery(this.dataSource.manager, AssistanceOffer, viewer, OFFER_OWNED)
      .innerJoin(AssistanceRequest, 'r', 'r.id = :requestId', { requestId })
      .andWhere(HARD_FILTERS)
      .getMany();
    return rank(
      offers.map((offer) => ({ item: offer, ...scorePair(request, offer) })),
      size,
    );
  }

  /** Requests that pass the hard filters for the offer, best first, among those the viewer may see. */
  async suggestRequests(
    viewer: Viewer,
    offerId: string,
    limit: number | null | undefined,
  ): Promise<Scored<AssistanceRequest>[]> {
    const size = suggestionLimit(limit);
    const offer = await this.offers.get(viewer, offerId);
    const requests = await visibleQuery(this.dataSource.manager, AssistanceRequest, viewer, REQUEST_OWNED)
      .innerJoin(AssistanceOffer, 'o', 'o.id = :offerId', { offerId })
      .andWhere(HARD_FILTERS)
      .getMany();
    return rank(
      requests.map((request) => ({ item: request, ...scorePair(request, offer) })),
      size,
    );
  }

  /**
   * The assignment of OPEN requests to PUBLISHED offers with the highest total score, each request
   * at most once, each offer at most its remaining capacity, every pair passing the hard filters
   * and scoring at least `minScore`. A real run proposes every chosen pair in one transaction.
   */
  async matchingRound(viewer: Viewer, input: MatchingRoundInput): Promise<MatchingRoundResult> {
    const minScore = input.minScore ?? 0.5;
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1)
      throw DomainError.badInput('input.minScore', 'must be between 0 and 1');
    const sectors = rules.vocabulary(input.sectors, 'input.sectors');
    if (input.region !== null && input.region !== undefined)
      rules.regions([input.region], 'input.region', M49_REGIONS);
    const dryRun = input.dryRun ?? false;

    const candidates = this.dataSource
      .getRepository(AssistanceRequest)
      .createQueryBuilder('r')
      .innerJoin(AssistanceOffer, 'o', HARD_FILTERS)
      .select(['r.id AS request_id', 'o.id AS offer_id']);
    if (sectors.length) candidates.andWhere('r.sectors && :sectors::infrastructure_sector[]', { sectors });
    if (input.region)
      candidates.andWhere('r.beneficiary_regions @> ARRAY[:region]::text[]', { region: input.region });
    const pairs: { request_id: string; offer_id: string }[] = await candidates.getRawMany();

    const requestIds = [...new Set(pairs.map((p) => p.request_id))];
    const offerIds = [...new Set(pairs.map((p) => p.offer_id))];
    const [requestRows, offerRows] = await Promise.all([
      requestIds.length
        ? this.dataSource
            .getRepository(AssistanceRequest)
            .createQueryBuilder('r')
            .whereInIds(requestIds)
            .getMany()
        : [],
      offerIds.length
        ? this.dataSource
            .getRepository(AssistanceOffer)
            .createQueryBuilder('o')
            .whereInIds(offerIds)
            .getMany()
        : [],
    ]);
    const requestIndex = new Map(requestRows.map((r, i) => [r.id, i]));
    const offerIndex = new Map(offerRows.map((o, i) => [o.id, i]));
    const edges = pairs
      .map((pair) => {
        const request = requestRows[requestIndex.get(pair.request_id) as number] as AssistanceRequest;
        const offer = offerRows[offerIndex.get(pair.offer_id) as number] as AssistanceOffer;
        return {
          request: requestIndex.get(pair.request_id) as number,
          offer: offerIndex.get(pair.offer_id) as number,
          ...scorePair(request, offer),
        };
      })
      .filter((edge) => edge.score >= minScore);
    const solution = optimalAssignment({
      requests: requestRows.length,
      capacities: offerRows.map((o) => o.remainingCapacity),
      edges,
    });
    const chosen = solution.chosen.map((index) => edges[index]!);
    const result: MatchingRoundResult = {
      dryRun,
      consideredRequests: requestRows.length,
      consideredOffers: offerRows.length,
      pairs: chosen.map((edge) => ({
        request: requestRows[edge.request]!,
        offer: offerRows[edge.offer]!,
        score: edge.score,
      })),
      totalScore: solution.total,
      proposals: [],
    };
    if (dryRun || chosen.length === 0) return result;
    result.proposals = await this.dataSource.transaction(async (manager) => {
      const created = [];
      for (const edge of chosen) {
        created.push(
          await this.matches.insert(manager, viewer, requestRows[edge.request]!, offerRows[edge.offer]!, {
            score: edge.score,
            breakdown: edge.breakdown,
            note: 'Proposed by a matching round',
            key: null,
            print: null,
            requesterDecision: PartyDecision.PENDING,
            providerDecision: PartyDecision.PENDING,
          }),
        );
      }
      return created;
    });
    return result;
  }
}

function suggestionLimit(limit: number | null | undefined): number {
  const size = limit ?? 10;
  if (!Number.isInteger(size) || size < 1 || size > SUGGESTION_LIMIT_MAX) {
    throw DomainError.badInput('limit', `must be between 1 and ${SUGGESTION_LIMIT_MAX}`);
  }
  return size;
}

function rank<T extends { reference: string }>(scored: Scored<T>[], size: number): Scored<T>[] {
  return scored
    .sort((a, b) => b.score - a.score || a.item.reference.localeCompare(b.item.reference))
    .slice(0, size);
}
