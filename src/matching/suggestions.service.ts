import { Injectable } from '@nestjs/common';
import { DataSource, type ObjectLiteral, type Repository, type SelectQueryBuilder } from 'typeorm';
import { assertAccess, Permission, visibleQuery } from '../access/access.js';
import { fastByIds } from '../database/fast-entities.js';
import { preparedQuery } from '../database/prepared.js';
import type { Viewer } from '../viewer/viewer.js';
import { DomainError } from '../common/errors.js';
import { AssistanceOffer } from '../offers/assistance-offer.entity.js';
import { OffersService } from '../offers/offers.service.js';
import { AssistanceRequest } from '../requests/assistance-request.entity.js';
import { SEEKING_REQUEST_STATUSES } from '../requests/request-transitions.js';
import { RequestsService } from '../requests/requests.service.js';
import { boundForOffer, boundForRequest } from './scoring/score-bound.js';
import { hardFiltersFor } from './hard-filters.js';
import { assistanceTypes } from './scoring/criteria/assistance-types.js';
import { scorePair, type ScoreComponent, type ScoredOffer, type ScoredRequest } from './scoring/scoring.js';

export interface Scored<T> {
  item: T;
  score: number;
  breakdown: ScoreComponent[];
}

const SUGGESTION_LIMIT_MAX = 100;
/** Ranked suggestions for one request or offer. */
@Injectable()
export class SuggestionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: RequestsService,
    private readonly offers: OffersService,
  ) {}

  /** Offers that pass the hard filters for the request, best first, among those the viewer may see. */
  async suggestOffers(
    viewer: Viewer,
    requestId: string,
    limit: number | null | undefined,
  ): Promise<Scored<AssistanceOffer>[]> {
    const size = suggestionLimit(limit);
    const request = await this.requests.get(viewer, requestId);
    assertAccess(viewer, Permission.REQUEST_SUGGESTIONS, request);
    if (!SEEKING_REQUEST_STATUSES.includes(request.status)) return [];
    const bound = boundForRequest(request);
    const ranked = await narrowFirst(size, (narrow) =>
      topByBound(
        size,
        (offset, batch) =>
          rankedBatch<RawOffer>(
            this.dataSource,
            visibleQuery(this.dataSource.manager, AssistanceOffer, viewer, Permission.OFFER_READ)
              .innerJoin(AssistanceRequest, 'r', 'r.id = :requestId', { requestId })
              .andWhere(hardFiltersFor('request', ':requestId', { sharedAssistanceType: narrow }))
              .setParameters(bound.parameters),
            { alias: 'o', table: 'assistance_offer', columns: OFFER_SCORING_COLUMNS, bound: bound.sql },
            offset,
            batch,
          ),
        (row) => scorePair(request, row),
      ),
    );
    return hydrate(ranked, this.dataSource.getRepository(AssistanceOffer));
  }

  /** Requests that pass the hard filters for the offer, best first, among those the viewer may see. */
  async suggestRequests(
    viewer: Viewer,
    offerId: string,
    limit: number | null | undefined,
  ): Promise<Scored<AssistanceRequest>[]> {
    const size = suggestionLimit(limit);
    const offer = await this.offers.get(viewer, offerId);
    assertAccess(viewer, Permission.OFFER_SUGGESTIONS, offer);
    const bound = boundForOffer(offer);
    const ranked = await narrowFirst(size, (narrow) =>
      topByBound(
        size,
        (offset, batch) =>
          rankedBatch<RawRequest>(
            this.dataSource,
            visibleQuery(this.dataSource.manager, AssistanceRequest, viewer, Permission.REQUEST_READ)
              .innerJoin(AssistanceOffer, 'o', 'o.id = :offerId', { offerId })
              .andWhere(hardFiltersFor('offer', ':offerId', { sharedAssistanceType: narrow }))
              .setParameters(bound.parameters),
            { alias: 'r', table: 'assistance_request', columns: REQUEST_SCORING_COLUMNS, bound: bound.sql },
            offset,
            batch,
          ),
        (row) => scorePair(row, offer),
      ),
    );
    return hydrate(ranked, this.dataSource.getRepository(AssistanceRequest));
  }
}

function suggestionLimit(limit: number | null | undefined): number {
  const size = limit ?? 10;
  if (!Number.isInteger(size) || size < 1 || size > SUGGESTION_LIMIT_MAX) {
    throw DomainError.badInput('limit', `must be between 1 and ${SUGGESTION_LIMIT_MAX}`);
  }
  return size;
}

/** The columns scoring reads, as plain values (text arrays, ISO dates, decimal strings). */
const SCORING_COLUMNS = (alias: string) => [
  `${alias}.id AS id`,
  `${alias}.reference AS reference`,
  `${alias}.sectors::text[] AS sectors`,
  `${alias}.assistance_types::text[] AS "assistanceTypes"`,
  `${alias}.protection_streams::text[] AS "protectionStreams"`,
  `${alias}.phases::text[] AS phases`,
  `${alias}.languages AS languages`,
  `${alias}.delivery_modes::text[] AS "deliveryModes"`,
  `${alias}.budget_amount::text AS "budgetAmount"`,
  `${alias}.budget_currency AS "budgetCurrency"`,
];
const OFFER_SCORING_COLUMNS = [
  ...SCORING_COLUMNS('o'),
  'o.mandate_paragraph::text AS "mandateParagraph"',
  'o.available_from::text AS "availableFrom"',
  'o.available_until::text AS "availableUntil"',
];
const REQUEST_SCORING_COLUMNS = [
  ...SCORING_COLUMNS('r'),
  'r.mandate_paragraphs::text[] AS "mandateParagraphs"',
  'r.desired_start::text AS "desiredStart"',
  'r.desired_end::text AS "desiredEnd"',
];
/**
 * One batch of candidates in the order of their SQL score: the candidates are sorted by id and score
 * alone, and only the batch's rows are then read with the columns scoring needs. (Sorting
 * the candidates with all those columns computed for each took 2 ms of an 11 ms ranking query.)
 */
function rankedBatch<R>(
  dataSource: DataSource,
  candidates: SelectQueryBuilder<ObjectLiteral>,
  side: { alias: 'o' | 'r'; table: string; columns: string[]; bound: string },
  offset: number,
  batch: number,
): Promise<(R & { bound: number })[]> {
  const { alias } = side;
  const [text, values] = candidates
    .select(`${alias}.id`, 'id')
    .addSelect(side.bound, 'bound')
    .orderBy('bound', 'DESC')
    .addOrderBy(`${alias}.id`, 'ASC')
    .offset(offset)
    .limit(batch)
    .getQueryAndParameters();
  return preparedQuery(
    dataSource,
    `SELECT ${side.columns.join(', ')}, ranked.bound FROM (${text}) ranked
      JOIN ${side.table} ${alias} ON ${alias}.id = ranked.id
      ORDER BY ranked.bound DESC, ranked.id ASC`,
    values,
    'ranking',
  );
}

type RawOffer = ScoredOffer & { id: string; reference: string };
type RawRequest = ScoredRequest & { id: string; reference: string };
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

async function hydrate<T extends { id: string }>(
  ranked: Ranked[],
  repository: Repository<T>,
): Promise<Scored<T>[]> {
  if (ranked.length === 0) return [];
  const found = await fastByIds(
    repository,
    ranked.map((r) => r.id),
  );
  const rows = new Map(found.map((row) => [row.id, row]));
  return ranked.flatMap((r) => {
    const item = rows.get(r.id);
    return item ? [{ item, score: r.score, breakdown: r.breakdown }] : [];
  });
}
