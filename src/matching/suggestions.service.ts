import { Injectable } from '@nestjs/common';
import { type Compilable, type Kysely, sql } from 'kysely';
import { DataSource } from 'typeorm';
import { accessCondition, assertAccess, Permission } from '../access/access.js';
import { compiledOnce, namedSql, prepared, readLayer, Slot } from '../database/kysely.js';
import type { Viewer } from '../viewer/viewer.js';
import { DomainError } from '../common/errors.js';
import { AssistanceOffer } from '../offers/assistance-offer.entity.js';
import { OffersService } from '../offers/offers.service.js';
import { AssistanceRequest } from '../requests/assistance-request.entity.js';
import { SEEKING_REQUEST_STATUSES } from '../requests/request-transitions.js';
import { RequestsService } from '../requests/requests.service.js';
import { type MarketSide, OFFERS, REQUESTS } from './reads/market-rows.js';
import { boundForOffer, boundForRequest, type ScoreBound } from './scoring/score-bound.js';
import { hardFiltersFor } from './hard-filters.js';
import { assistanceTypes } from './scoring/criteria/assistance-types.js';
import { scorePair, type ScoreComponent, type ScoredOffer, type ScoredRequest } from './scoring/scoring.js';

export interface Scored<T> {
  item: T;
  score: number;
  breakdown: ScoreComponent[];
}

/**
 * One direction of suggestions: the known side, the candidates' side and how a candidate is scored
 * against the known one. Both directions are ranked by the same query and loop.
 */
export interface Direction<K extends { id: string }, C extends { id: string }> {
  known: MarketSide<K>;
  candidates: MarketSide<C>;
  /** Who may ask for suggestions on the known side. */
  asking: Permission;
  /** Whether the known side takes suggestions at all (none are ranked otherwise). */
  takes(known: K): boolean;
  /** Which candidates the viewer may see. */
  read: Permission;
  bound(known: K): ScoreBound;
  score(known: K, candidate: ScoredRequest | ScoredOffer): { score: number; breakdown: ScoreComponent[] };
}

export const OFFERS_FOR_REQUEST: Direction<AssistanceRequest, AssistanceOffer> = {
  ...{ known: REQUESTS, candidates: OFFERS, read: Permission.OFFER_READ, bound: boundForRequest },
  asking: Permission.REQUEST_SUGGESTIONS,
  takes: (request) => SEEKING_REQUEST_STATUSES.includes(request.status),
  score: (request, offer) => scorePair(request, offer as ScoredOffer),
};
export const REQUESTS_FOR_OFFER: Direction<AssistanceOffer, AssistanceRequest> = {
  ...{ known: OFFERS, candidates: REQUESTS, read: Permission.REQUEST_READ, bound: boundForOffer },
  // Candidates are filtered by the hard filters, which an offer that takes no engagement fails.
  asking: Permission.OFFER_SUGGESTIONS,
  takes: () => true,
  score: (offer, request) => scorePair(request as ScoredRequest, offer),
};

const SUGGESTION_LIMIT_MAX = 100;
/** Ranked suggestions for one request or offer. */
@Injectable()
export class SuggestionsService {
  private readonly db: Kysely<object>;

  constructor(
    dataSource: DataSource,
    private readonly requests: RequestsService,
    private readonly offers: OffersService,
  ) {
    this.db = readLayer(dataSource);
  }

  /**
   * The candidates that pass the hard filters for the known side (`knownId`), best first, among
   * those the viewer may see: offers for a request (OFFERS_FOR_REQUEST), requests for an offer.
   */
  async suggest<K extends { id: string }, C extends { id: string }>(
    viewer: Viewer,
    direction: Direction<K, C>,
    knownId: string,
    limit: number | null | undefined,
  ): Promise<Scored<C>[]> {
    const size = suggestionLimit(limit);
    const service = direction.known.side === 'request' ? this.requests : this.offers;
    const known = (await service.get(viewer, knownId)) as unknown as K;
    assertAccess(viewer, direction.asking, known);
    if (!direction.takes(known)) return [];
    const { condition, parameters } = accessCondition(viewer, direction.read, direction.candidates.alias);
    const bound = direction.bound(known);
    // Each ranking text is compiled once, with slots for the values of this call.
    const values = { knownId: known.id, ...named('v_', parameters), ...named('b_', bound.parameters) };
    const slots = {
      knownId: new Slot('knownId'),
      visible: { sql: condition, parameters: slotted('v_', parameters) },
      bound: { sql: bound.sql, parameters: slotted('b_', bound.parameters) },
    };
    const text = [direction.known.side, condition, bound.sql].join('\n');
    const ranked = await narrowFirst(size, (narrow) =>
      topByBound(
        size,
        (offset, batch) =>
          prepared(
            this.db,
            compiledOnce(
              `${narrow}/${offset}/${batch}/${text}`,
              () => rankingQuery(this.db, direction, { ...slots, narrow, offset, batch }),
              values,
              // Shared by every viewer of the same shape: it may hold slots only.
              { onlySlots: true, purpose: 'ranking' },
            ),
            'ranking',
          ),
        (row) => direction.score(known, row),
      ),
    );
    if (ranked.length === 0) return [];
    const found = await direction.candidates.readByIds(
      this.db,
      ranked.map((r) => r.id),
    );
    const rows = new Map(found.map((row) => [row.id, row]));
    return ranked.flatMap((r) => {
      const item = rows.get(r.id);
      return item ? [{ item, score: r.score, breakdown: r.breakdown }] : [];
    });
  }
}

/** The parameters under prefixed names (the slots of a compiled ranking text). */
function named(prefix: string, parameters: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(parameters).map(([name, value]) => [prefix + name, value]));
}

/** Each parameter replaced by the slot of its prefixed name. */
function slotted(prefix: string, parameters: Record<string, unknown>): Record<string, Slot> {
  return Object.fromEntries(Object.keys(parameters).map((name) => [name, new Slot(prefix + name)]));
}

function suggestionLimit(limit: number | null | undefined): number {
  const size = limit ?? 10;
  if (!Number.isInteger(size) || size < 1 || size > SUGGESTION_LIMIT_MAX) {
    throw DomainError.badInput('limit', `must be between 1 and ${SUGGESTION_LIMIT_MAX}`);
  }
  return size;
}

/** What one ranking query is asked. */
/** A SQL condition with `:name` placeholders and their values (the access policy's and the score bound's form). */
export interface NamedSql {
  sql: string;
  parameters: Record<string, unknown>;
}

export interface RankingInput {
  /** The known side's id (or its slot). */
  knownId: string | Slot;
  /** The candidates the viewer may see, over the candidates' alias. */
  visible: NamedSql;
  /** The score bound of candidates against the known side. */
  bound: NamedSql;
  /** Only candidates sharing a kind of assistance (the narrow first pass). */
  narrow: boolean;
  offset: number;
  batch: number;
}

/** A ranked candidate: what scoring reads, its id and reference, and its SQL score. */
type RankedRow = (ScoredRequest | ScoredOffer) & { id: string; reference: string; bound: number };

/**
 * One batch of candidates in the order of their SQL score: the candidates are sorted by id and score
 * alone, and only the batch's rows are then read with the columns scoring needs. (Sorting
 * the candidates with all those columns computed for each took 2 ms of an 11 ms ranking query.)
 * Offset and batch size are written into the text, as the batches' plans were measured.
 */
export function rankingQuery<K extends { id: string }, C extends { id: string }>(
  db: Kysely<object>,
  direction: Direction<K, C>,
  input: RankingInput,
): Compilable<RankedRow> {
  const { candidates, known } = direction;
  const alias: string = candidates.alias;
  const id = sql.ref(`${alias}.id`);
  const table = sql`${sql.table(candidates.table)}`.as(alias);
  const hardFilters = hardFiltersFor(known.side, ':knownId', { sharedAssistanceType: input.narrow });
  const ranked = db
    .selectFrom(table)
    .innerJoin(sql`${sql.table(known.table)}`.as<string>(known.alias), (join) =>
      join.on(sql<boolean>`${sql.ref(`${known.alias}.id`)} = ${input.knownId}`),
    )
    .select([id.as('id'), namedSql<number>(input.bound.sql, input.bound.parameters).as('bound')])
    .where(namedSql<boolean>(input.visible.sql, input.visible.parameters))
    .where(namedSql<boolean>(hardFilters, { knownId: input.knownId }))
    .orderBy(sql.ref('bound'), 'desc')
    .orderBy(id, 'asc')
    .offset(sql.lit(input.offset))
    .limit(sql.lit(input.batch));
  return db
    .selectFrom(ranked.as('ranked'))
    .innerJoin(table, (join) => join.on(sql<boolean>`${id} = ranked.id`))
    .select([...candidates.scored(alias), sql.ref('ranked.bound').as('bound')])
    .orderBy(sql.ref('ranked.bound'), 'desc')
    .orderBy(sql.ref('ranked.id'), 'asc') as unknown as Compilable<RankedRow>;
}

type Ranked = { id: string; reference: string; score: number; breakdown: ScoreComponent[] };

/**
 * The `size` best candidates: candidates come from the database in batches ordered by their score as
 * SQL computes it (the criteria of `scorePair`, unrounded), and fetching stops once nothing left
 * scores above the `size`-th; `scorePair` alone gives the scores returned. The result equals scoring
 * every candidate, up to ties within 1e-6 of rounding.
 */
async function topByBound<R extends { id: string; reference: string; bound: number }>(
  size: number,
  fetch: (offset: number, batch: number) => Promise<R[]>,
  score: (row: R) => { score: number; breakdown: ScoreComponent[] },
): Promise<Ranked[]> {
  const best: (Ranked & { position: number })[] = [];
  // Equal scores keep the database's order (higher SQL score, then lower id).
  const order = (a: Ranked & { position: number }, b: Ranked & { position: number }) =>
    b.score - a.score || a.position - b.position;
  let offset = 0;
  // Batches grow fourfold, so many candidates of equal score cost few round trips.
  for (let batch = Math.max(50, size * 3); ; offset += batch, batch *= 4) {
    const rows = await fetch(offset, batch);
    rows.forEach((row, index) =>
      best.push({ id: row.id, reference: row.reference, position: offset + index, ...score(row) }),
    );
    best.sort(order).splice(size);
    const last = rows.at(-1);
    const threshold = best.length === size ? (best.at(-1)?.score ?? 0) : -1;
    // Nothing left scores above the k-th in SQL; equal scores keep the database's order. (The SQL
    // score is not rounded to 6 decimals as scorePair's is, so ranks can differ by ties within 1e-6.)
    if (rows.length < batch || !last || Number(last.bound) <= threshold + 1e-9) {
      return best.map(({ position: _position, ...ranked }) => ranked);
    }
  }
}

/** Candidates sharing no kind of assistance score at most 1 − the weight of that criterion. */
const WITHOUT_SHARED_TYPE_MAX = 1 - assistanceTypes.weight;

/**
 * Ranks first among the candidates sharing a kind of assistance (a GIN-indexed overlap, so far fewer
 * rows); when its k-th best already beats anything the others could score, that is the answer,
 * otherwise every candidate is ranked.
 */
async function narrowFirst(size: number, rank: (narrow: boolean) => Promise<Ranked[]>): Promise<Ranked[]> {
  const narrowed = await rank(true);
  if (narrowed.length === size && (narrowed.at(-1)?.score ?? 0) > WITHOUT_SHARED_TYPE_MAX + 1e-6)
    return narrowed;
  return rank(false);
}
