import { MatchStatus, OfferStatus, RequestStatus } from '../common/enums.js';

/** A shared sector (GIN-indexed `&&`). */
const SHARED_SECTOR = 'o.sectors && r.sectors';

/**
 * A shared sector and a shared kind of assistance, which is a shared (sector, kind) pair: one lookup in
 * the GIN indexes over `sector_type_pairs` instead of two large bitmaps intersected.
 */
const SHARED_SECTOR_AND_TYPE =
  'sector_type_pairs(o.sectors, o.assistance_types) && sector_type_pairs(r.sectors, r.assistance_types)';

/** Eligibility of every beneficiary State by region and by State list; availability not ending before the desired start nor starting after the desired end. */
const ELIGIBLE_AND_AVAILABLE = `
  (cardinality(o.eligible_regions) = 0 OR r.beneficiary_regions <@ o.eligible_regions)
  AND (cardinality(o.eligible_state_codes) = 0 OR r.beneficiary_state_codes <@ o.eligible_state_codes)
  AND (o.available_until IS NULL OR r.desired_start IS NULL OR o.available_until >= r.desired_start)
  AND (o.available_from IS NULL OR r.desired_end IS NULL OR o.available_from <= r.desired_end)`;

const OFFER_AVAILABLE = `o.status = '${OfferStatus.PUBLISHED}' AND o.remaining_capacity > 0`;

/** What the offer `o` must be for the request `r`: PUBLISHED with capacity left, a shared sector, eligible and available. */
export const PAIR_FILTERS = `${OFFER_AVAILABLE} AND ${SHARED_SECTOR} AND ${ELIGIBLE_AND_AVAILABLE}`;

const LIVE = `('${MatchStatus.PROPOSED}', '${MatchStatus.AGREED}', '${MatchStatus.IN_DELIVERY}')`;

/** The hard filters of RULES.md (Matching) as one SQL condition: the above, request OPEN, no live match on the pair. */
export const HARD_FILTERS = `
  r.status = '${RequestStatus.OPEN}' AND ${PAIR_FILTERS}
  AND NOT EXISTS (
    SELECT 1 FROM "match" live WHERE live.request_id = r.id AND live.offer_id = o.id AND live.status IN ${LIVE}
  )`;

/** Options of the one-known-side filters. */
export interface KnownSideOptions {
  /** Only candidates that also share a kind of assistance (a narrower first pass of suggestions). */
  sharedAssistanceType?: boolean;
}

function pairFilters({ sharedAssistanceType = false }: KnownSideOptions): string {
  const shared = sharedAssistanceType ? SHARED_SECTOR_AND_TYPE : SHARED_SECTOR;
  return `r.status = '${RequestStatus.OPEN}' AND ${OFFER_AVAILABLE} AND ${shared} AND ${ELIGIBLE_AND_AVAILABLE}`;
}

/**
 * The hard filters when the request is known (`requestParameter` names its id): its live matches are
 * read once, as a hashed set, instead of being probed for each of thousands of candidate offers.
 */
export function hardFiltersForRequest(requestParameter: string, options: KnownSideOptions = {}): string {
  return `${pairFilters(options)}
  AND o.id NOT IN (SELECT live.offer_id FROM "match" live WHERE live.request_id = ${requestParameter} AND live.status IN ${LIVE})`;
}

/** The hard filters when the offer is known (`offerParameter` names its id), its live matches read once. */
export function hardFiltersForOffer(offerParameter: string, options: KnownSideOptions = {}): string {
  return `${pairFilters(options)}
  AND r.id NOT IN (SELECT live.request_id FROM "match" live WHERE live.offer_id = ${offerParameter} AND live.status IN ${LIVE})`;
}

/**
 * Every (request, offer) pair passing the hard filters, for matching rounds, as SQL selecting
 * `request_id` and `offer_id`; `requestCondition` narrows the requests. Offers eligible everywhere are
 * joined by shared sector; offers with a State list are joined by a shared State as well (GIN-indexed),
 * which their eligibility implies because every request names at least one beneficiary State. The
 * two branches split the offers, so together they are exactly the pairs of HARD_FILTERS.
 */
export function candidatePairsSql(requestCondition: string): string {
  const branch = (offers: string) => `
    SELECT r.id AS request_id, o.id AS offer_id
    FROM assistance_request r JOIN assistance_offer o ON ${HARD_FILTERS} AND ${offers}
    WHERE ${requestCondition}`;
  return `${branch('cardinality(o.eligible_state_codes) = 0')}
    UNION ALL ${branch('cardinality(o.eligible_state_codes) > 0 AND r.beneficiary_state_codes && o.eligible_state_codes')}`;
}
