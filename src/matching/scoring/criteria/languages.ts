import { overlapCriterion } from './overlap.js';

/** A shared working language; no language stated on one side is a fit. */
export const languages = overlapCriterion({
  criterion: 'languages',
  weight: 0.1,
  field: 'languages',
  noun: 'language',
  column: 'languages',
  pgType: 'text',
  explainShared: (shared) => `Both can work in ${shared.join(', ')}.`,
  explainNone: (request, offer) =>
    `The offer is in ${offer.join(', ')}, the request asks for ${request.join(', ')}.`,
});
