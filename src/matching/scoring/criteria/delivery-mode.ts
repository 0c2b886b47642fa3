import type { BoundParameters, Criterion } from '../criterion.js';
import { words } from '../criterion.js';

const HYBRID = 'HYBRID';

/** Delivery modes: 1 when either side names none or they share one, 0.5 through HYBRID, else 0. */
export const deliveryMode: Criterion = {
  criterion: 'deliveryMode',
  weight: 0.05,
  value(r, o) {
    if (r.deliveryModes.length === 0 || o.deliveryModes.length === 0) {
      return { value: 1, explain: () => 'No delivery mode constraint is stated on one side.' };
    }
    if (r.deliveryModes.some((m) => o.deliveryModes.includes(m))) {
      return {
        value: 1,
        explain: () =>
          `Delivery modes agree (${words(r.deliveryModes.filter((m) => o.deliveryModes.includes(m)))}).`,
      };
    }
    if (r.deliveryModes.includes(HYBRID) || o.deliveryModes.includes(HYBRID)) {
      return { value: 0.5, explain: () => 'A hybrid delivery can partly meet the requested mode.' };
    }
    return {
      value: 0,
      explain: () =>
        `The offer is delivered ${words(o.deliveryModes)}, the request wants ${words(r.deliveryModes)}.`,
    };
  },
  prepare(round) {
    const shared = round.shared(
      (r) => r.deliveryModes,
      (o) => o.deliveryModes,
    );
    // 0: names no mode, 1: names modes, 2: names HYBRID among them.
    const kind = (modes: readonly string[]) => (modes.length === 0 ? 0 : modes.includes(HYBRID) ? 2 : 1);
    const requests = Uint8Array.from(round.requests, (r) => kind(r.deliveryModes));
    const offers = Uint8Array.from(round.offers, (o) => kind(o.deliveryModes));
    return (r, o) => {
      if (requests[r] === 0 || offers[o] === 0 || shared(r, o) > 0) return 1;
      return requests[r] === 2 || offers[o] === 2 ? 0.5 : 0;
    };
  },
  boundForRequest: (request, parameters) => term(request.deliveryModes, 'o.delivery_modes', parameters),
  boundForOffer: (offer, parameters) => term(offer.deliveryModes, 'r.delivery_modes', parameters),
};

function term(known: readonly string[], column: string, parameters: BoundParameters): string {
  if (known.length === 0) return '1';
  const modes = parameters.bind([...known], 'delivery_mode[]');
  const knownHybrid = known.includes(HYBRID) ? '1' : '0';
  return `CASE WHEN cardinality(${column}) = 0 OR ${column} && ${modes} THEN 1
    WHEN ${knownHybrid} = 1 OR '${HYBRID}' = ANY(${column}) THEN 0.5 ELSE 0 END`;
}
