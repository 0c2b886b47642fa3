import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { AVAILABLE_OFFER_STATUSES } from '../offers/offer-transitions.js';
import { SEEKING_REQUEST_STATUSES } from '../requests/request-transitions.js';
import { sqlList } from '../common/status-sql.js';
import { LIVE_MATCH_STATUSES } from './match-transitions.js';

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

const OFFER_AVAILABLE = `o.status IN ${sqlList(AVAILABLE_OFFER_STATUSES)} AND o.remaining_capacity > 0`;

/** The request `r` seeks offers. */
const REQUEST_SEEKING = `r.status IN ${sqlList(SEEKING_REQUEST_STATUSES)}`;

/**
 * No self-dealing (RULES.md, Workflows): a request and an offer of the same organization are never a
 * pair. The SQL form filters suggestions and rounds; `holds` refuses a proposal with a clear message.
 */
export const DIFFERENT_ORGANIZATIONS = {
  sql: 'o.provider_organization_id <> r.requesting_organization_id',
  holds: (
    request: { requestingOrganizationId: string },
    offer: { providerOrganizationId: string },
  ): boolean => request.requestingOrganizationId !== offer.providerOrganizationId,
} as const;

/** What the offer `o` must be for the request `r`, sharing what `shared` says. */
const pairConditions = (shared: string) =>
  `${OFFER_AVAILABLE} AND ${DIFFERENT_ORGANIZATIONS.sql} AND ${shared} AND ${ELIGIBLE_AND_AVAILABLE}`;

/** What the offer `o` must be for the request `r`: PUBLISHED with capacity left, of another organization, a shared sector, eligible and available. */
export const PAIR_FILTERS = pairConditions(SHARED_SECTOR);

const LIVE = sqlList(LIVE_MATCH_STATUSES);

/** The hard filters of RULES.md (Matching) as one SQL condition: the above, request OPEN, no live match on the pair. */
export const HARD_FILTERS = `
  ${REQUEST_SEEKING} AND ${PAIR_FILTERS}
  AND NOT EXISTS (
    SELECT 1 FROM "match" live WHERE live.request_id = r.id AND live.offer_id = o.id AND live.status IN ${LIVE}
  )`;

/** Options of the one-known-side filters. */
export interface KnownSideOptions {
  /** Only candidates that also share a kind of assistance (a narrower first pass of suggestions). */
  sharedAssistanceType?: boolean;
}

/**
 * The hard filters when one side of the pair is known (`parameter` names its id) and the other is
 * searched: the known side's live matches are read once, as a hashed set, instead of being probed for
 * each of thousands of candidates.
 */
export function hardFiltersFor(
  known: 'request' | 'offer',
  parameter: string,
  { sharedAssistanceType = false }: KnownSideOptions = {},
): string {
  const [candidate, candidateColumn, knownColumn] =
    known === 'request' ? ['o', 'offer_id', 'request_id'] : ['r', 'request_id', 'offer_id'];
  return `${REQUEST_SEEKING} AND ${pairConditions(sharedAssistanceType ? SHARED_SECTOR_AND_TYPE : SHARED_SECTOR)}
  AND ${candidate}.id NOT IN (
    SELECT live.${candidateColumn} FROM "match" live WHERE live.${knownColumn} = ${parameter} AND live.status IN ${LIVE}
  )`;
}

/** The tables the round's candidate pairs read, as the read layer types them. */
export interface PairTables {
  assistance_request: { id: string };
  assistance_offer: { id: string };
}

/**
 * Every (request, offer) pair passing the hard filters, for matching rounds, selecting `request_id`
 * and `offer_id`; `requests` narrows the requests (over `r`). Offers eligible everywhere are joined
 * by shared sector; offers with a State list are joined by a shared State as well (GIN-indexed),
 * which their eligibility implies because every request names at least one beneficiary State. The
 * two branches split the offers, so together they are exactly the pairs of HARD_FILTERS. `offers`
 * narrows the offers (over `o`: a slice of them, for slices run side by side).
 */
export function candidatePairs(
  db: Kysely<PairTables>,
  requests: Expression<SqlBool> = sql.lit(true),
  offers: Expression<SqlBool> = sql.lit(true),
) {
  const branch = (eligibility: string) =>
    db
      .selectFrom('assistance_request as r')
      .innerJoin('assistance_offer as o', (join) =>
        join.on(sql<SqlBool>`${sql.raw(HARD_FILTERS)} AND ${sql.raw(eligibility)} AND ${offers}`),
      )
      .select(['r.id as request_id', 'o.id as offer_id'])
      .where(requests);
  return branch('cardinality(o.eligible_state_codes) = 0').unionAll(
    branch('cardinality(o.eligible_state_codes) > 0 AND r.beneficiary_state_codes && o.eligible_state_codes'),
  );
}
