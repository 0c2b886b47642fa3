import { type Kysely, sql } from 'kysely';
import { Permission } from '../access/access.js';
import { MandateParagraph, OfferStatus } from '../common/enums.js';
import * as rules from '../common/input-rules.js';
import type { ListFilters } from '../common/list-filters.js';
import { listExamples } from '../reads/list-repository.js';
import { MarketplaceRepository } from '../marketplace/marketplace.repository.js';
import { compileOnly } from '../database/kysely.js';
import { EXAMPLE_IDS, EXAMPLE_VIEWERS, sqlSnapshots } from '../reads/sql-snapshots.js';
import type { OrganizationTables } from '../organizations/organization.tables.js';
import { M49_REGIONS } from '../reference/reference.service.js';
import type { AssistanceOffer } from './assistance-offer.entity.js';
import type { OfferFilter } from './offer.inputs.js';
import { type AssistanceOfferTable, OFFER_ROW, type OfferTables } from './offer.tables.js';

type DB = OfferTables & OrganizationTables;

/** The hot reads of offers (list pages, totals, reads by id) as typed SQL over the read layer. */
export class OfferRepository extends MarketplaceRepository<
  DB,
  AssistanceOffer,
  AssistanceOfferTable,
  OfferFilter
> {
  constructor(db: Kysely<DB>) {
    super(db, {
      table: 'assistance_offer',
      alias: 'o',
      read: Permission.OFFER_READ,
      node: OFFER_ROW,
      statusType: 'offer_status',
      owner: 'provider_organization_id',
    });
  }

  protected sideFilters(filters: ListFilters<AssistanceOfferTable>, filter: OfferFilter): void {
    filters
      .equals('mandate_paragraph', 'mandate_paragraph', filter.mandateParagraph)
      .id('provider_organization_id', filter.providerOrganizationId, 'filter.providerOrganizationId');
    if (filter.region !== null && filter.region !== undefined) {
      rules.regions([filter.region], 'filter.region', M49_REGIONS);
      // Open to a region: no region restriction, or that region among the eligible ones.
      const region = filter.region;
      filters.custom(
        'open to a region',
        (bind) =>
          sql`(cardinality(o.eligible_regions) = 0 OR o.eligible_regions @> ARRAY[${bind(region)}]::text[])`,
      );
    }
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
    {
      name: 'byIdempotencyKey',
      args: 'author, key',
      query: repository.byIdempotencyKeyQuery(provider.id, 'create-1'),
    },
  ];
});
