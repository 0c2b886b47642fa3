import type { Criterion } from '../criterion.js';

/** A shared working language; no language stated on one side is a fit. */
export const languages: Criterion = {
  criterion: 'languages',
  weight: 0.1,
  value(r, o) {
    if (r.languages.length === 0 || o.languages.length === 0) {
      return { value: 1, explain: () => 'No language constraint is stated on one side.' };
    }
    const shared = r.languages.filter((l) => o.languages.includes(l));
    return shared.length
      ? { value: 1, explain: () => `Both can work in ${shared.join(', ')}.` }
      : {
          value: 0,
          explain: () =>
            `The offer is in ${o.languages.join(', ')}, the request asks for ${r.languages.join(', ')}.`,
        };
  },
  prepare(round) {
    const shared = round.shared(
      (r) => r.languages,
      (o) => o.languages,
    );
    const requestNames = Uint8Array.from(round.requests, (r) => (r.languages.length ? 1 : 0));
    const offerNames = Uint8Array.from(round.offers, (o) => (o.languages.length ? 1 : 0));
    return (r, o) => (!requestNames[r] || !offerNames[o] || shared(r, o) > 0 ? 1 : 0);
  },
  boundForRequest(request, parameters) {
    if (request.languages.length === 0) return '1';
    const known = parameters.bind([...request.languages], 'text[]');
    return `(cardinality(o.languages) = 0 OR o.languages && ${known})::int`;
  },
  boundForOffer(offer, parameters) {
    if (offer.languages.length === 0) return '1';
    const known = parameters.bind([...offer.languages], 'text[]');
    return `(cardinality(r.languages) = 0 OR r.languages && ${known})::int`;
  },
};
