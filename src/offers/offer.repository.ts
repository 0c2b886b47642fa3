import { type Kysely, sql } from 'kysely';
import { accessSql, Permission } from '../access/access.js';
import type { Viewer } from '../viewer/viewer.js';
import { MandateParagraph, OfferStatus } from '../common/enums.js';
import * as rules from '../common/input-rules.js';
import { ListFilters } from '../common/list-filters.js';
import { listExamples, ListRepository } from '../reads/list-repository.js';
import { countOf, INCLUDED, newestFirst, type PageArgs } from '../common/pagination.js';
import { compileOnly } from '../database/kysely.js';
import { EXAMPLE_IDS, EXAMPLE_VIEWERS, sqlSnapshots } from '../reads/sql-snapshots.js';
import { ORGANIZATION_ROW, type OrganizationTables } from '../organizations/organization.tables.js';
import { M49_REGIONS } from '../reference/reference.service.js';
import type { AssistanceOffer } from './assistance-offer.entity.js';
import type { OfferFilter } from './offer.inputs.js';
import { type AssistanceOfferTable, OFFER_ROW, type OfferTables } from './offer.tables.js';

type DB = OfferTables & OrganizationTables;

/** The hot reads of offers (list pages, totals, the loader) as typed SQL over the read layer. */
export class OfferRepository extends ListRepository<DB, AssistanceOffer, OfferFilter> {
  constructor(db: Kysely<DB>) {
    // Every listed offer shows its organization: read in the page's statement.
    super(db, {
      table: 'assistance_offer',
      alias: 'o',
      read: Permission.OFFER_READ,
      node: OFFER_ROW,
      at: (offer: AssistanceOffer) => offer.createdAt,
      included: ORGANIZATION_ROW,
    });
  }

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
    return filters.applyTo(
      this.db.selectFrom('assistance_offer as o').where(accessSql(viewer, Permission.OFFER_READ, 'o')),
    );
  }

  pageQuery(viewer: Viewer, filter: OfferFilter, args: PageArgs) {
    return newestFirst(this.listed(viewer, filter), { at: 'o.created_at', id: 'o.id' }, args)
      .leftJoin('organization as listed_organization', 'listed_organization.id', 'o.provider_organization_id')
      .select(OFFER_ROW.select('o'))
      .select(ORGANIZATION_ROW.json('listed_organization').as(INCLUDED));
  }

  countQuery(viewer: Viewer, filter: OfferFilter) {
    return countOf(this.listed(viewer, filter));
  }
}

/** The SQL snapshots of these queries (offer.repository.sql). */
export const OFFER_SNAPSHOTS = sqlSnapshots(import.meta.url, () => {
  const repository = new OfferRepository(compileOnly<DB>());
  const { provider } = EXAMPLE_VIEWERS;
  const filter: OfferFilter = {
    status: [OfferStatus.PUBLISHED],
    mandateParagraph: MandateParagraph.PARAGRAPH_11,
    providerOrganizationId: provider.organizationId,
    region: 'Africa',
  };
  return [
    ...listExamples(repository, filter),
    {
      name: 'visibleById',
      args: 'one id',
      query: repository.visibleByIdQuery(provider, EXAMPLE_IDS[0] as string),
    },
    { name: 'byIds', args: 'two ids', query: repository.byIdsQuery(EXAMPLE_IDS) },
  ];
});
