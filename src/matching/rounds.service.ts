import { Injectable } from '@nestjs/common';
import { type CompiledQuery, type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { DataSource } from 'typeorm';
import type { Viewer } from '../viewer/viewer.js';
import { PartyDecision } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import * as rules from '../common/input-rules.js';
import { compileOnly, readLayer } from '../database/kysely.js';
import { sqlSnapshots } from '../reads/sql-snapshots.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { M49_REGIONS } from '../reference/reference.service.js';
import { optimalAssignment } from './assignment.js';
import { candidatePairs, type PairTables } from './hard-filters.js';
import { OFFERS, REQUESTS } from './reads/market-rows.js';
import type { MatchingRoundInput, MatchingRoundResult } from './match.types.js';
import { ProposalsService } from './proposals.service.js';
import { pairScorer, scorePair } from './scoring/scoring.js';

/** Slices of the offers whose candidate pairs a matching round searches side by side. */
const ROUND_SLICES = 2;

/** Optimal matching rounds: every candidate pair scored, the best assignment chosen and proposed. */
@Injectable()
export class RoundsService {
  private readonly db: Kysely<PairTables>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly proposals: ProposalsService,
    private readonly metrics: MetricsService,
  ) {
    this.db = readLayer(dataSource);
  }

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

    // The offers are sliced and the slices searched side by side, on as many connections: PostgreSQL
    // runs this nested-loop join in one process (1.0 s for 198,347 pairs), and a slice's pairs are
    // exactly those of its offers, so the slices together are every pair, each once. (The slices read
    // two snapshots, as the entities read next already did; a pair that became live meanwhile is
    // refused by the live-pair index when the proposals are written.)
    const slices = await Promise.all(
      Array.from({ length: ROUND_SLICES }, (_, slice) =>
        this.db.executeQuery(roundPairsQuery(this.db, { sectors, region: input.region ?? null, slice })),
      ),
    );
    const pairs = slices.flatMap((result) => result.rows);

    const requestIds = [...new Set(pairs.map((p) => p.request_id))];
    const offerIds = [...new Set(pairs.map((p) => p.offer_id))];
    const [requestRows, offerRows] = await Promise.all([
      REQUESTS.readByIds(this.db, requestIds),
      OFFERS.readByIds(this.db, offerIds),
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

/** What one slice of a round's candidate pairs is asked. */
export interface RoundPairsInput {
  /** Only requests touching these sectors; all when empty. */
  sectors: readonly string[];
  /** Only requests with a beneficiary State in this region. */
  region: string | null;
  /** Which of the ROUND_SLICES slices of the offers. */
  slice: number;
}

/** The candidate pairs of one slice of a round's offers, among the requests the round considers. */
export function roundPairsQuery(db: Kysely<PairTables>, { sectors, region, slice }: RoundPairsInput) {
  const requests: Expression<SqlBool>[] = [];
  if (sectors.length) requests.push(sql`r.sectors && CAST(${sectors} AS infrastructure_sector[])`);
  if (region) requests.push(sql`r.beneficiary_regions @> ARRAY[CAST(${region} AS text)]`);
  return candidatePairs(
    db,
    requests.length ? sql.join(requests, sql` AND `) : sql.lit(true),
    sql`get_byte(uuid_send(o.id), 15) % ${sql.lit(ROUND_SLICES)} = ${sql.lit(slice)}`,
  ).compile();
}

const asCompilable = (query: CompiledQuery) => ({ compile: () => query });

/** The round's candidate pairs, compiled for review (`queries/rounds.service.sql`). */
export const ROUND_SNAPSHOTS = sqlSnapshots(import.meta.url, () => {
  const db = compileOnly<PairTables>();
  return [
    {
      name: 'roundPairs',
      args: 'every request, slice 0',
      query: asCompilable(roundPairsQuery(db, { sectors: [], region: null, slice: 0 })),
    },
    {
      name: 'roundPairs',
      args: 'sectors [ENERGY, HEALTH], region Africa, slice 3',
      query: asCompilable(roundPairsQuery(db, { sectors: ['ENERGY', 'HEALTH'], region: 'Africa', slice: 3 })),
    },
  ];
});
