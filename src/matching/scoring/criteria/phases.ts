import { coverageCriterion } from './coverage.js';

/** The share of the requested preparedness phases the offer covers. */
export const phases = coverageCriterion({
  criterion: 'phases',
  weight: 0.05,
  noun: 'phases',
  column: 'phases',
  pgType: 'preparedness_phase',
});
