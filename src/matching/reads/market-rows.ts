import { type AliasedRawBuilder, type Compilable, type Kysely, type RawBuilder, sql } from 'kysely';
import { prepared } from '../../database/kysely.js';
import { AssistanceOffer } from '../../offers/assistance-offer.entity.js';
import { AssistanceRequest } from '../../requests/assistance-request.entity.js';
import type { ScoredOffer, ScoredRequest } from '../scoring/criterion.js';

/**
 * How matching reads requests and offers (suggestions, rounds): each property from an explicit
 * column, cast in SQL to what the driver turns cheaply into the ORM's value. Text and enum arrays
 * come as JSON (the driver's JSON.parse allocates far less than its text-array parser), dates as
 * `YYYY-MM-DD` text, timestamps as epoch milliseconds made into Dates here (cheaper than parsing
 * their text; milliseconds rounded down, as the driver's parser truncates microseconds), so building
 * an entity is a copy of its properties. A spec checks on the database that the entities equal the
 * ORM's `find`, with every column set and with nulls.
 */
interface ColumnRead {
  /** The SQL of the value in the row under `alias`. */
  sql: (alias: string) => RawBuilder<unknown>;
  /** Epoch milliseconds, made into a Date. */
  timestamp?: true;
}

const column =
  (write: (ref: RawBuilder<unknown>) => RawBuilder<unknown>, timestamp?: true) =>
  (name: string): ColumnRead => ({
    sql: (alias) => write(sql.ref(`${alias}.${name}`)),
    ...(timestamp && { timestamp }),
  });
/** uuid, text, int, numeric (a string), char: the driver's value is the ORM's. */
const plain = column((ref) => ref);
/** A scalar enum, as its label. */
const label = column((ref) => sql`${ref}::text`);
/** A text or enum array, as JSON. */
const list = column((ref) => sql`to_json(${ref})`);
const date = column((ref) => sql`to_char(${ref}, 'YYYY-MM-DD')`);
const timestamp = column((ref) => sql`floor(extract(epoch FROM ${ref}) * 1000)::float8`, true);

/** Every property the ORM reads (`search` is not selected). */
type Columns<T> = Record<Exclude<keyof T, 'search'>, ColumnRead>;

/** The columns both sides share under the same names. */
const SHARED = {
  id: plain('id'),
  reference: plain('reference'),
  title: plain('title'),
  description: plain('description'),
  sectors: list('sectors'),
  assistanceTypes: list('assistance_types'),
  protectionStreams: list('protection_streams'),
  phases: list('phases'),
  languages: list('languages'),
  deliveryModes: list('delivery_modes'),
  budgetAmount: plain('budget_amount'),
  budgetCurrency: plain('budget_currency'),
  confidentiality: label('confidentiality'),
  status: label('status'),
  version: plain('version'),
  createdBy: plain('created_by'),
  idempotencyKey: plain('idempotency_key'),
  idempotencyFingerprint: plain('idempotency_fingerprint'),
  createdAt: timestamp('created_at'),
  updatedAt: timestamp('updated_at'),
} as const;

const REQUEST_COLUMNS: Columns<AssistanceRequest> = {
  ...SHARED,
  requestingOrganizationId: plain('requesting_organization_id'),
  beneficiaryStateCodes: list('beneficiary_state_codes'),
  beneficiaryRegions: list('beneficiary_regions'),
  mandateParagraphs: list('mandate_paragraphs'),
  priority: label('priority'),
  desiredStart: date('desired_start'),
  desiredEnd: date('desired_end'),
  ctedRecommendationRef: plain('cted_recommendation_ref'),
  submittedAt: timestamp('submitted_at'),
  openedAt: timestamp('opened_at'),
};

const OFFER_COLUMNS: Columns<AssistanceOffer> = {
  ...SHARED,
  providerOrganizationId: plain('provider_organization_id'),
  mandateParagraph: label('mandate_paragraph'),
  eligibleRegions: list('eligible_regions'),
  eligibleStateCodes: list('eligible_state_codes'),
  availableFrom: date('available_from'),
  availableUntil: date('available_until'),
  capacity: plain('capacity'),
  remainingCapacity: plain('remaining_capacity'),
  publishedAt: timestamp('published_at'),
};

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
  /** The select list of `properties` (all of them by default) over the table under `alias`. */
  select(alias: string, properties?: readonly string[]): AliasedRawBuilder<unknown, string>[];
  /** The select list of what scoring reads. */
  scored(alias: string): AliasedRawBuilder<unknown, string>[];
  /** The entity of a row selected with `select()`. */
  build(row: Record<string, unknown>): T;
  /** The query of the entities with these ids, in no particular order. */
  byIds<DB>(db: Kysely<DB>, ids: readonly string[]): Compilable<Record<string, unknown>>;
  /** The entities with these ids, in no particular order, through a named prepared statement. */
  readByIds<DB>(db: Kysely<DB>, ids: readonly string[]): Promise<T[]>;
}

function marketSide<T extends { id: string }>(
  Entity: new () => T,
  { side: name, table, alias }: Pick<MarketSide<T>, 'side' | 'table' | 'alias'>,
  columns: Columns<T>,
  scoredProperties: readonly string[],
): MarketSide<T> {
  const entries = Object.entries(columns) as [string, ColumnRead][];
  const timestamps = entries.filter(([, read]) => read.timestamp).map(([property]) => property);
  const properties = entries.map(([property]) => property);
  const all = new Map(entries);
  const selectList = (alias: string, chosen: readonly string[]) =>
    chosen.map((property) => (all.get(property) as ColumnRead).sql(alias).as(property));
  const side: MarketSide<T> = {
    side: name,
    table,
    alias,
    select: (alias, chosen = properties) => selectList(alias, chosen),
    scored: (alias) => selectList(alias, scoredProperties),
    build(row) {
      const entity = new Entity() as Record<string, unknown>;
      for (const property of properties) entity[property] = row[property];
      for (const property of timestamps) {
        const value = row[property] as number | null;
        entity[property] = value === null ? null : new Date(value);
      }
      return entity as T;
    },
    byIds: (db, ids) =>
      (db as unknown as Kysely<object>)
        .selectFrom(sql`${sql.table(table)}`.as('e'))
        .select(selectList('e', properties))
        .where(sql<boolean>`e.id = ANY(${ids}::uuid[])`) as unknown as Compilable<Record<string, unknown>>,
    async readByIds(db, ids) {
      if (ids.length === 0) return [];
      return (await prepared(db, side.byIds(db, ids))).map((row) => side.build(row));
    },
  };
  return side;
}

export const REQUESTS = marketSide(
  AssistanceRequest,
  { side: 'request', table: 'assistance_request', alias: 'r' },
  REQUEST_COLUMNS,
  REQUEST_SCORED,
);
export const OFFERS = marketSide(
  AssistanceOffer,
  { side: 'offer', table: 'assistance_offer', alias: 'o' },
  OFFER_COLUMNS,
  OFFER_SCORED,
);
