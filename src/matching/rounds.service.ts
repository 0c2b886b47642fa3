import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../viewer/viewer.js';
import { PartyDecision } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import * as rules from '../common/input-rules.js';
import { fastByIds } from '../database/fast-entities.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { AssistanceOffer } from '../offers/assistance-offer.entity.js';
import { M49_REGIONS } from '../reference/reference.service.js';
import { AssistanceRequest } from '../requests/assistance-request.entity.js';
import { optimalAssignment } from './assignment.js';
import { candidatePairsSql } from './hard-filters.js';
import type { MatchingRoundInput, MatchingRoundResult } from './match.types.js';
import { ProposalsService } from './proposals.service.js';
import { pairScorer, scorePair } from './scoring/scoring.js';

/** Slices of the offers whose candidate pairs a matching round searches side by side. */
const ROUND_SLICES = 2;

/** Optimal matching rounds: every candidate pair scored, the best assignment chosen and proposed. */
@Injectable()
export class RoundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly proposals: ProposalsService,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * The assignment of OPEN requests to PUBLISHED offers with the highest total score, each request
   * at most once, each offer at most its remaining capacity, every pair passing the hard filters
   * and scoring at least `minScore`. A real run proposes every chosen pair in one transaction.
   */
  async matchingRound(viewer: Viewer, input: MatchingRoundInput): Promise<MatchingRoundResult> {
    const stop = this.metrics.matchingRoundDuration.startTimer({ dry_run: String(input.dryRun ?? false) });
    try {
      return await this.runRound(viewer, input);
    } finally {
      stop();
    }
  }

  private async runRound(viewer: Viewer, input: MatchingRoundInput): Promise<MatchingRoundResult> {
    const minScore = input.minScore ?? 0.5;
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1)
      throw DomainError.badInput('input.minScore', 'must be between 0 and 1');
    const sectors = rules.vocabulary(input.sectors, 'input.sectors');
    if (input.region !== null && input.region !== undefined)
      rules.regions([input.region], 'input.region', M49_REGIONS);
    const dryRun = input.dryRun ?? false;

    const requests = roundRequests(sectors, input.region ?? null);
    // The offers are sliced and the slices searched side by side, on as many connections: PostgreSQL
    // runs this nested-loop join in one process (1.0 s for 198,347 pairs), and a slice's pairs are
    // exactly those of its offers, so the slices together are every pair, each once. (The slices read
    // two snapshots, as the entities read next already did; a pair that became live meanwhile is
    // refused by the live-pair index when the proposals are written.)
    const slices = await Promise.all(
      Array.from({ length: ROUND_SLICES }, (_, slice) => {
        const [text, values] = this.dataSource.driver.escapeQueryWithParameters(
          candidatePairsSql(requests.condition, `get_byte(uuid_send(o.id), 15) % ${ROUND_SLICES} = ${slice}`),
          requests.parameters,
        );
        return this.dataSource.query(text, values) as Promise<{ request_id: string; offer_id: string }[]>;
      }),
    );
    const pairs = slices.flat();

    const requestIds = [...new Set(pairs.map((p) => p.request_id))];
    const offerIds = [...new Set(pairs.map((p) => p.offer_id))];
    const [requestRows, offerRows] = await Promise.all([
      requestIds.length ? fastByIds(this.dataSource.getRepository(AssistanceRequest), requestIds) : [],
      offerIds.length ? fastByIds(this.dataSource.getRepository(AssistanceOffer), offerIds) : [],
    ]);
    const requestIndex = new Map(requestRows.map((r, i) => [r.id, i]));
    const offerIndex = new Map(offerRows.map((o, i) => [o.id, i]));
    const score = pairScorer(requestRows, offerRows);
    const edges = pairs
      .map((pair) => {
        const request = requestIndex.get(pair.request_id) as number;
        const offer = offerIndex.get(pair.offer_id) as number;
        return { request, offer, score: score(request, offer) };
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
    result.proposals = await this.proposals.oneLivePair(() =>
      this.dataSource.transaction((manager) =>
        this.proposals.insertMany(
          manager,
          viewer,
          chosen.map((edge) => ({
            request: requestRows[edge.request]!,
            offer: offerRows[edge.offer]!,
            details: {
              score: edge.score,
              // Explanations only for the pairs proposed, not for every candidate pair.
              breakdown: scorePair(requestRows[edge.request]!, offerRows[edge.offer]!).breakdown,
              note: 'Proposed by a matching round',
              key: null,
              print: null,
              requesterDecision: PartyDecision.PENDING,
              providerDecision: PartyDecision.PENDING,
            },
          })),
        ),
      ),
    );
    return result;
  }
}

/** The requests a round considers, as a condition over `r` with named parameters. */
function roundRequests(
  sectors: readonly string[],
  region: string | null,
): { condition: string; parameters: Record<string, unknown> } {
  const conditions = ['TRUE'];
  const parameters: Record<string, unknown> = {};
  if (sectors.length) {
    parameters.sectors = sectors;
    conditions.push('r.sectors && CAST(:sectors AS infrastructure_sector[])');
  }
  if (region) {
    parameters.region = region;
    conditions.push('r.beneficiary_regions @> ARRAY[CAST(:region AS text)]');
  }
  return { condition: conditions.join(' AND '), parameters };
}
