import { coverageCriterion } from './coverage.js';

/** The share of the requested kinds of assistance the offer covers. */
export const assistanceTypes = coverageCriterion({
  criterion: 'assistanceTypes',
  weight: 0.2,
  noun: 'kinds of assistance',
  column: 'assistance_types',
  pgType: 'assistance_type',
});
