import type { Criterion, ScoredOffer, ScoredRequest } from '../criterion.js';
import { words } from '../criterion.js';

type ListField = 'sectors' | 'assistanceTypes' | 'protectionStreams' | 'phases';

/**
 * A criterion scoring the share of what the request asks for in one list that the offer's list
 * covers; a request naming nothing counts as covered.
 */
export function coverageCriterion(spec: {
  criterion: ListField;
  weight: number;
  /** What the list holds, in explanations. */
  noun: string;
  /** The column of both tables and the enum type of its values. */
  column: string;
  pgType: string;
}): Criterion {
  const { criterion: field, noun, column, pgType } = spec;
  const asked = (request: ScoredRequest) => request[field];
  const offered = (offer: ScoredOffer) => offer[field];
  return {
    criterion: spec.criterion,
    weight: spec.weight,
    value(request, offer) {
      const wanted = asked(request);
      if (wanted.length === 0) {
        return { value: 1, explain: () => `The request names no ${noun}, so any is acceptable.` };
      }
      const shared = wanted.filter((item) => offered(offer).includes(item));
      const value = shared.length / wanted.length;
      if (shared.length === 0) {
        return {
          value: 0,
          explain: () => `The offer covers none of the requested ${noun} (${words(wanted)}).`,
        };
      }
      return {
        value,
        explain: () =>
          `The offer covers ${value === 1 ? 'all' : `${shared.length} of ${wanted.length}`} requested ${noun} (${words(shared)}).`,
      };
    },
    prepare(round) {
      const shared = round.shared(asked, offered);
      const lengths = Uint32Array.from(round.requests, (r) => asked(r).length);
      return (r, o) => (lengths[r] === 0 ? 1 : shared(r, o) / lengths[r]!);
    },
    boundForRequest(request, parameters) {
      const wanted = asked(request);
      if (wanted.length === 0) return '1';
      const terms = wanted.map((value) => `(${parameters.bind(value, pgType)} = ANY(o.${column}))::int`);
      return `((${terms.join(' + ')})::float8 / ${wanted.length})`;
    },
    boundForOffer(offer, parameters) {
      const terms = offered(offer).map(
        (value) => `(${parameters.bind(value, pgType)} = ANY(r.${column}))::int`,
      );
      const shared = terms.length ? `(${terms.join(' + ')})` : '0';
      return `(CASE WHEN cardinality(r.${column}) = 0 THEN 1 ELSE ${shared}::float8 / cardinality(r.${column}) END)`;
    },
  };
}
