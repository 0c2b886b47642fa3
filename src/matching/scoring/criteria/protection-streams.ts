import { coverageCriterion } from './coverage.js';

/** The share of the requested protection streams the offer covers. */
export const protectionStreams = coverageCriterion({
  criterion: 'protectionStreams',
  weight: 0.1,
  noun: 'protection streams',
  column: 'protection_streams',
  pgType: 'protection_stream',
});
