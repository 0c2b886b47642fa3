import { words } from '../criterion.js';
import { overlapCriterion } from './overlap.js';

/** Delivery modes: 1 when either side names none or they share one, 0.5 through HYBRID, else 0. */
export const deliveryMode = overlapCriterion({
  criterion: 'deliveryMode',
  weight: 0.05,
  field: 'deliveryModes',
  noun: 'delivery mode',
  column: 'delivery_modes',
  pgType: 'delivery_mode',
  partial: {
    value: 'HYBRID',
    credit: 0.5,
    explanation: 'A hybrid delivery can partly meet the requested mode.',
  },
  explainShared: (shared) => `Delivery modes agree (${words(shared)}).`,
  explainNone: (request, offer) =>
    `The offer is delivered ${words(offer)}, the request wants ${words(request)}.`,
});
