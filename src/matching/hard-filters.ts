import { MatchStatus, OfferStatus, RequestStatus } from '../common/enums.js';

/**
 * What the offer `o` must be for the request `r`: PUBLISHED with capacity left; a shared sector
 * (GIN-indexed `&&`); every beneficiary State eligible by region and by State list; availability not
 * ending before the desired start nor starting after the desired end.
 */
export const PAIR_FILTERS = `
  o.status = '${OfferStatus.PUBLISHED}' AND o.remaining_capacity > 0
  AND o.sectors && r.sectors
  AND (cardinality(o.eligible_regions) = 0 OR r.beneficiary_regions <@ o.eligible_regions)
  AND (cardinality(o.eligible_state_codes) = 0 OR r.beneficiary_state_codes <@ o.eligible_state_codes)
  AND (o.available_until IS NULL OR r.desired_start IS NULL OR o.available_until >= r.desired_start)
  AND (o.available_from IS NULL OR r.desired_end IS NULL OR o.available_from <= r.desired_end)`;

const LIVE = `('${MatchStatus.PROPOSED}', '${MatchStatus.AGREED}', '${MatchStatus.IN_DELIVERY}')`;

/** The hard filters of RULES.md (Matching) as one SQL condition: the above, request OPEN, no live match on the pair. */
export const HARD_FILTERS = `
  r.status = '${RequestStatus.OPEN}' AND ${PAIR_FILTERS}
  AND NOT EXISTS (
    SELECT 1 FROM "match" live WHERE live.request_id = r.id AND live.offer_id = o.id AND live.status IN ${LIVE}
  )`;

/**
 * The same filters when the request is known (`requestParameter` names its id): its live matches are
 * read once, as a hashed set, instead of being probed for each of thousands of candidate offers.
 */
export function hardFiltersForRequest(requestParameter: string): string {
  return `
  r.status = '${RequestStatus.OPEN}' AND ${PAIR_FILTERS}
  AND o.id NOT IN (SELECT live.offer_id FROM "match" live WHERE live.request_id = ${requestParameter} AND live.status IN ${LIVE})`;
}

/** The same filters when the offer is known (`offerParameter` names its id), its live matches read once. */
export function hardFiltersForOffer(offerParameter: string): string {
  return `
  r.status = '${RequestStatus.OPEN}' AND ${PAIR_FILTERS}
  AND r.id NOT IN (SELECT live.request_id FROM "match" live WHERE live.offer_id = ${offerParameter} AND live.status IN ${LIVE})`;
}
