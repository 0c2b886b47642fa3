import { coverageCriterion } from './coverage.js';

/** The share of the requested sectors the offer covers. */
export const sectors = coverageCriterion({
  criterion: 'sectors',
  weight: 0.25,
  noun: 'sectors',
  column: 'sectors',
  pgType: 'infrastructure_sector',
});
