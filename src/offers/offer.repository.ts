import { type Kysely, sql } from 'kysely';
import { accessSql, Permission } from '../access/access.js';
import type { Viewer } from '../viewer/viewer.js';
import { InfrastructureSector, MandateParagraph, OfferStatus } from '../common/enums.js';
import * as rules from '../common/input-rules.js';
import { ListFilters } from '../common/list-filters.js';
import {
  countOf,
  INCLUDED,
  isUnfiltered,
  newestFirst,
  type Page,
  type PageArgs,
  readPage,
} from '../common/pagination.js';
import { compileOnly, prepared } from '../database/kysely.js';
import { EXAMPLE_VIEWERS, sqlSnapshots } from '../database/sql-snapshots.js';
import { ORGANIZATION_ROW, type OrganizationTables } from '../organizations/organization.tables.js';
import { M49_REGIONS } from '../reference/reference.service.js';
import type { AssistanceOffer } from './assistance-offer.entity.js';
import type { OfferFilter } from './offer.inputs.js';
import { type AssistanceOfferTable, OFFER_ROW, type OfferTables } from './offer.tables.js';

type DB = OfferTables & OrganizationTables;

/** The hot reads of offers (list pages, totals, the loader) as typed SQL over the read layer. */
export class OfferRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The offers the viewer may read that pass the filter (validated here, in the filter's order). */
  private listed(viewer: Viewer, filter: OfferFilter) {
    const filters = new ListFilters<AssistanceOfferTable>('o')
      .oneOf('status', 'offer_status', filter.status, 'filter.status')
      .overlaps('sectors', 'infrastructure_sector', filter.sectors, 'filter.sectors')
      .overlaps('assistance_types', 'assistance_type', filter.assistanceTypes, 'filter.assistanceTypes')
      .equals('mandate_paragraph', 'mandate_paragraph', filter.mandateParagraph)
      .id('provider_organization_id', filter.providerOrganizationId, 'filter.providerOrganizationId')
      .search(filter.search, 'filter.search');
    if (filter.region !== null && filter.region !== undefined) {
      rules.regions([filter.region], 'filter.region', M49_REGIONS);
      // Open to a region: no region restriction, or that region among the eligible ones.
      filters.where(
        sql`(cardinality(o.eligible_regions) = 0 OR o.eligible_regions @> ARRAY[${filter.region}]::text[])`,
      );
    }
    return filters.conditions.reduce(
      (query, condition) => query.where(condition),
      this.db.selectFrom('assistance_offer as o').where(accessSql(viewer, Permission.OFFER_READ, 'o')),
    );
  }

  /** A page's rows, each with its organization as JSON (every listed item shows it). */
  pageQuery(viewer: Viewer, filter: OfferFilter, args: PageArgs) {
    return newestFirst(this.listed(viewer, filter), { at: 'o.created_at', id: 'o.id' }, args)
      .leftJoin('organization as listed_organization', 'listed_organization.id', 'o.provider_organization_id')
      .select(OFFER_ROW.select('o'))
      .select(ORGANIZATION_ROW.json('listed_organization').as(INCLUDED));
  }

  countQuery(viewer: Viewer, filter: OfferFilter) {
    return countOf(this.listed(viewer, filter));
  }

  /** One page of the offers the viewer may read; `included` holds the nodes' organizations. */
  page(
    viewer: Viewer,
    filter: OfferFilter | null | undefined,
    args: PageArgs,
  ): Promise<Page<AssistanceOffer>> {
    const f = filter ?? {};
    return readPage(
      this.db,
      {
        rows: this.pageQuery(viewer, f, args),
        count: () => this.countQuery(viewer, f),
        unfiltered: isUnfiltered(filter),
        node: OFFER_ROW,
        at: (offer) => offer.createdAt,
        included: ORGANIZATION_ROW,
      },
      args.size,
    );
  }

  byIdsQuery(ids: readonly string[]) {
    return this.db
      .selectFrom('assistance_offer as o')
      .select(OFFER_ROW.select('o'))
      .where(sql<boolean>`o.id = ANY(${ids}::uuid[])`);
  }

  /** The offers with these ids, in no particular order (for the loader: no visibility here). */
  async byIds(ids: readonly string[]): Promise<AssistanceOffer[]> {
    return (await prepared(this.db, this.byIdsQuery(ids))).map((row) => OFFER_ROW.build(row));
  }
}

/** The SQL snapshots of these queries (offer.repository.sql). */
export const OFFER_SNAPSHOTS = sqlSnapshots(import.meta.url, () => {
  const repository = new OfferRepository(compileOnly<DB>());
  const { coordinator, provider } = EXAMPLE_VIEWERS;
  const first = { size: 20, position: null };
  const after = {
    size: 50,
    position: { at: new Date('2026-11-27T10:00:00.000Z'), id: '00000000-0000-4000-8000-0000000000f2' },
  };
  const filter: OfferFilter = {
    status: [OfferStatus.PUBLISHED],
    sectors: [InfrastructureSector.ENERGY],
    mandateParagraph: MandateParagraph.PARAGRAPH_11,
    providerOrganizationId: '00000000-0000-4000-8000-00000000000c',
    search: 'grid',
    region: 'Africa',
  };
  return [
    {
      name: 'page',
      args: 'coordinator, no filter, first 20',
      query: repository.pageQuery(coordinator, {}, first),
    },
    {
      name: 'page',
      args: 'provider, no filter, 50 after a cursor',
      query: repository.pageQuery(provider, {}, after),
    },
    { name: 'page', args: 'provider, filtered', query: repository.pageQuery(provider, filter, first) },
    { name: 'count', args: 'provider, no filter', query: repository.countQuery(provider, {}) },
    { name: 'count', args: 'coordinator, filtered', query: repository.countQuery(coordinator, filter) },
    { name: 'byIds', args: 'one id', query: repository.byIdsQuery([after.position.id]) },
  ];
});
