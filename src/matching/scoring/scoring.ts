import { BitSetSides } from './bit-sets.js';
import { CRITERIA } from './criteria.js';
import type { ScoreComponent, ScoredOffer, ScoredRequest } from './criterion.js';

/**
 * The one scoring function of suggestions, proposals and matching rounds: a pure function of a
 * request and an offer over the criteria of `criteria.ts`. Each criterion gives a value in 0..1 with
 * a one-sentence explanation; the weights sum to 1; score = Σ weight × value.
 */
export { CRITERIA } from './criteria.js';
export type { Criterion, ScoreComponent, ScoredOffer, ScoredRequest } from './criterion.js';

/** The breakdown and total of one pair. */
export function scorePair(
  request: ScoredRequest,
  offer: ScoredOffer,
): { score: number; breakdown: ScoreComponent[] } {
  const breakdown = CRITERIA.map(({ criterion, weight, value }) => {
    const { value: v, explain } = value(request, offer);
    return { criterion, weight, value: round(v), explanation: explain() };
  });
  return { score: round(breakdown.reduce((sum, c) => sum + c.weight * c.value, 0)), breakdown };
}

/** The total of one pair alone, equal to `scorePair(…).score`, without building explanations. */
export function pairScore(request: ScoredRequest, offer: ScoredOffer): number {
  let total = 0;
  for (const criterion of CRITERIA) total += criterion.weight * round(criterion.value(request, offer).value);
  return round(total);
}

/** Scores are kept to 6 decimals, so equal inputs give equal scores everywhere they are compared. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Scores many pairs of one set of requests and one set of offers (matching rounds), equal to
 * `pairScore` on every pair: each criterion prepares its side's values once (lists as bit sets, dates
 * as day numbers, budgets as numbers), so a pair costs a few operations instead of list searches and
 * date parsing (198,347 pairs, with building the sets: 0.9 s → 0.23 s). A request that repeats a
 * value in a list is scored by `pairScore` itself. A property test checks equality.
 */
export function pairScorer(
  requests: readonly ScoredRequest[],
  offers: readonly ScoredOffer[],
): (request: number, offer: number) => number {
  const sides = new BitSetSides(requests, offers);
  const criteria = CRITERIA.map(({ weight, prepare }) => ({ weight, value: prepare(sides) }));
  const { exact } = sides;
  return (r, o) => {
    if (!exact[r]) return pairScore(requests[r]!, offers[o]!);
    let total = 0;
    for (const { weight, value } of criteria) total += weight * round(value(r, o));
    return round(total);
  };
}
