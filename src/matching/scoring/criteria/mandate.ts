import type { Criterion } from '../criterion.js';
import { words } from '../criterion.js';

/** The offer's mandate paragraph among the requested ones; an empty request list accepts any. */
export const mandate: Criterion = {
  criterion: 'mandate',
  weight: 0.1,
  value(r, o) {
    if (r.mandateParagraphs.length === 0) {
      return { value: 1, explain: () => 'The request accepts assistance under any paragraph.' };
    }
    return r.mandateParagraphs.includes(o.mandateParagraph)
      ? {
          value: 1,
          explain: () => `The offer is delivered under ${words([o.mandateParagraph])}, as requested.`,
        }
      : {
          value: 0,
          explain: () =>
            `The offer is delivered under ${words([o.mandateParagraph])}, not a requested paragraph.`,
        };
  },
  prepare(round) {
    const shared = round.shared(
      (r) => r.mandateParagraphs,
      (o) => [o.mandateParagraph],
    );
    const any = Uint8Array.from(round.requests, (r) => (r.mandateParagraphs.length === 0 ? 1 : 0));
    return (r, o) => (any[r] || shared(r, o) > 0 ? 1 : 0);
  },
  boundForRequest(request, parameters) {
    if (request.mandateParagraphs.length === 0) return '1';
    const known = parameters.bind([...request.mandateParagraphs], 'mandate_paragraph[]');
    return `(o.mandate_paragraph = ANY(${known}))::int`;
  },
  boundForOffer(offer, parameters) {
    const known = parameters.bind(offer.mandateParagraph, 'mandate_paragraph');
    return `(cardinality(r.mandate_paragraphs) = 0 OR ${known} = ANY(r.mandate_paragraphs))::int`;
  },
};
