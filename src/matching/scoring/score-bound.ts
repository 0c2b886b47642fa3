import { CRITERIA } from './criteria.js';
import { BoundParameters, type Criterion, type ScoredOffer, type ScoredRequest } from './criterion.js';

/**
 * The score as a SQL expression over `r` (request) and `o` (offer), for ranking many candidates in
 * the database before `scorePair` scores the best of them: the sum of every criterion's weight times
 * its own SQL bound, generated from the one list of criteria. It is not rounded to 6 decimals as
 * `scorePair` is, so it bounds the exact score up to 1e-6, which is the tolerance of the stopping
 * rule that uses it (a property test on the database checks bound ≥ score). One side's values are
 * bound as parameters, so the expression is cheap per row and uses no subquery; membership is tested
 * with `= ANY(column)`, which builds no array per row (`column @> ARRAY[…]` did, 0.6 ms a call).
 */
export interface ScoreBound {
  sql: string;
  parameters: Record<string, unknown>;
}

function combine(term: (criterion: Criterion, parameters: BoundParameters) => string): ScoreBound {
  const parameters = new BoundParameters();
  const sum = CRITERIA.map((criterion) => `${criterion.weight} * (${term(criterion, parameters)})::float8`);
  return { sql: `(${sum.join(' + ')})`, parameters: parameters.values };
}

/** The bound for offers `o` against a known request. */
export function boundForRequest(request: ScoredRequest): ScoreBound {
  return combine((criterion, parameters) => criterion.boundForRequest(request, parameters));
}

/** The bound for requests `r` against a known offer. */
export function boundForOffer(offer: ScoredOffer): ScoreBound {
  return combine((criterion, parameters) => criterion.boundForOffer(offer, parameters));
}
