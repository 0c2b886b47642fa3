import type { AliasedRawBuilder, Kysely } from 'kysely';
import type { RowShape } from '../../database/rows.js';
import type { AssistanceOffer } from '../../offers/assistance-offer.entity.js';
import { OfferRepository } from '../../offers/offer.repository.js';
import { OFFER_ROW } from '../../offers/offer.tables.js';
import type { AssistanceRequest } from '../../requests/assistance-request.entity.js';
import { RequestRepository } from '../../requests/request.repository.js';
import { REQUEST_ROW } from '../../requests/request.tables.js';
import type { ScoredOffer, ScoredRequest } from '../scoring/criterion.js';

/**
 * How matching reads requests and offers (suggestions, rounds): through each domain's own row shape
 * (`REQUEST_ROW`, `OFFER_ROW`) and repository, so a column is read one way everywhere. Matching adds
 * only which of those columns scoring reads, and the table and alias its SQL names each side by.
 */

/** What scoring reads of each side, with the id and reference a ranking reports. */
type Ranked<T> = T & { id: string; reference: string };
const SCORED_SHARED = [
  'id',
  'reference',
  'sectors',
  'assistanceTypes',
  'protectionStreams',
  'phases',
  'languages',
  'deliveryModes',
  'budgetAmount',
  'budgetCurrency',
] as const;
const REQUEST_SCORED = [...SCORED_SHARED, 'mandateParagraphs', 'desiredStart', 'desiredEnd'] as const;
const OFFER_SCORED = [...SCORED_SHARED, 'mandateParagraph', 'availableFrom', 'availableUntil'] as const;
// Every property scoring reads is listed (a missing one fails here).
REQUEST_SCORED satisfies readonly (keyof Ranked<ScoredRequest>)[];
OFFER_SCORED satisfies readonly (keyof Ranked<ScoredOffer>)[];
type Complete<T, L extends readonly (keyof T)[]> = Exclude<keyof T, L[number]> extends never ? true : never;
true satisfies Complete<Ranked<ScoredRequest>, typeof REQUEST_SCORED>;
true satisfies Complete<Ranked<ScoredOffer>, typeof OFFER_SCORED>;

/** One side of the marketplace as matching reads it. */
export interface MarketSide<T extends { id: string }> {
  /** The side as the hard filters name it, its table and its alias in matching's SQL. */
  side: 'request' | 'offer';
  table: 'assistance_request' | 'assistance_offer';
  alias: 'r' | 'o';
  /** The select list of what scoring reads, over the table under `alias`. */
  scored(alias: string): AliasedRawBuilder<unknown, string>[];
  /** The entities with these ids, in no particular order (the domain repository's loader read). */
  readByIds<DB>(db: Kysely<DB>, ids: readonly string[]): Promise<T[]>;
}

function marketSide<T extends { id: string }>(
  spec: Pick<MarketSide<T>, 'side' | 'table' | 'alias'>,
  row: RowShape<T>,
  scoredProperties: readonly (keyof T & string)[],
  repository: (db: Kysely<object>) => { byIds(ids: readonly string[]): Promise<T[]> },
): MarketSide<T> {
  const scored = new Map<string, AliasedRawBuilder<unknown, string>[]>();
  return {
    ...spec,
    scored(alias) {
      let list = scored.get(alias);
      if (!list) scored.set(alias, (list = row.pick(alias, scoredProperties)));
      return list;
    },
    readByIds: (db, ids) => repository(db as unknown as Kysely<object>).byIds(ids),
  };
}

export const REQUESTS: MarketSide<AssistanceRequest> = marketSide(
  { side: 'request', table: 'assistance_request', alias: 'r' },
  REQUEST_ROW,
  REQUEST_SCORED,
  (db) => new RequestRepository(db as ConstructorParameters<typeof RequestRepository>[0]),
);
export const OFFERS: MarketSide<AssistanceOffer> = marketSide(
  { side: 'offer', table: 'assistance_offer', alias: 'o' },
  OFFER_ROW,
  OFFER_SCORED,
  (db) => new OfferRepository(db as ConstructorParameters<typeof OfferRepository>[0]),
);
