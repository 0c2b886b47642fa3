import type { Criterion, ScoredOffer, ScoredRequest } from '../criterion.js';

type ListField = 'languages' | 'deliveryModes';

/**
 * A criterion asking for one shared value between the request's list and the offer's: 1 when they
 * share one or either side names none, `partial.credit` when either names `partial.value` (a value
 * that partly meets any other), else 0.
 */
export function overlapCriterion(spec: {
  criterion: string;
  weight: number;
  field: ListField;
  /** What one value is, in explanations ("language"). */
  noun: string;
  /** The column of both tables and the type of its values. */
  column: string;
  pgType: string;
  partial?: { value: string; credit: number; explanation: string };
  /** The explanation of a pair sharing `shared`. */
  explainShared: (shared: readonly string[]) => string;
  /** The explanation of a pair sharing nothing. */
  explainNone: (request: readonly string[], offer: readonly string[]) => string;
}): Criterion {
  const { field, column, pgType, partial } = spec;
  const listOf = (side: ScoredRequest | ScoredOffer): readonly string[] => side[field];
  // 0: names no value, 1: names values, 2: names the partial value among them.
  const kind = (list: readonly string[]) =>
    list.length === 0 ? 0 : partial && list.includes(partial.value) ? 2 : 1;
  const bound = (
    known: readonly string[],
    alias: 'o' | 'r',
    parameters: Parameters<Criterion['boundForRequest']>[1],
  ) => {
    if (known.length === 0) return '1';
    const values = parameters.bind([...known], `${pgType}[]`);
    const list = `${alias}.${column}`;
    const partly = partial
      ? `WHEN ${known.includes(partial.value) ? '1' : '0'} = 1 OR '${partial.value}' = ANY(${list}) THEN ${partial.credit} `
      : '';
    return `CASE WHEN cardinality(${list}) = 0 OR ${list} && ${values} THEN 1 ${partly}ELSE 0 END`;
  };
  return {
    criterion: spec.criterion,
    weight: spec.weight,
    value(request, offer) {
      const asked = listOf(request);
      const offered = listOf(offer);
      if (asked.length === 0 || offered.length === 0) {
        return { value: 1, explain: () => `No ${spec.noun} constraint is stated on one side.` };
      }
      const shared = asked.filter((value) => offered.includes(value));
      if (shared.length) return { value: 1, explain: () => spec.explainShared(shared) };
      if (partial && (kind(asked) === 2 || kind(offered) === 2)) {
        return { value: partial.credit, explain: () => partial.explanation };
      }
      return { value: 0, explain: () => spec.explainNone(asked, offered) };
    },
    prepare(round) {
      const shared = round.shared(listOf, listOf);
      const requests = Uint8Array.from(round.requests, (r) => kind(listOf(r)));
      const offers = Uint8Array.from(round.offers, (o) => kind(listOf(o)));
      return (r, o) => {
        if (requests[r] === 0 || offers[o] === 0 || shared(r, o) > 0) return 1;
        return partial && (requests[r] === 2 || offers[o] === 2) ? partial.credit : 0;
      };
    },
    boundForRequest: (request, parameters) => bound(listOf(request), 'o', parameters),
    boundForOffer: (offer, parameters) => bound(listOf(offer), 'r', parameters),
  };
}
