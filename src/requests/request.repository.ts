import type { Kysely } from 'kysely';
import { Permission } from '../access/access.js';
import { InfrastructureSector, RequestStatus } from '../common/enums.js';
import type { ListFilters } from '../common/list-filters.js';
import { listExamples } from '../reads/list-repository.js';
import { MarketplaceRepository } from '../marketplace/marketplace.repository.js';
import { compileOnly } from '../database/kysely.js';
import { EXAMPLE_IDS, EXAMPLE_PAGES, EXAMPLE_VIEWERS, sqlSnapshots } from '../reads/sql-snapshots.js';
import type { OrganizationTables } from '../organizations/organization.tables.js';
import type { AssistanceRequest } from './assistance-request.entity.js';
import type { RequestFilter } from './request.inputs.js';
import { type AssistanceRequestTable, REQUEST_ROW, type RequestTables } from './request.tables.js';

type DB = RequestTables & OrganizationTables;

/** The hot reads of requests (list pages, totals, reads by id) as typed SQL over the read layer. */
export class RequestRepository extends MarketplaceRepository<
  DB,
  AssistanceRequest,
  AssistanceRequestTable,
  RequestFilter
> {
  constructor(db: Kysely<DB>) {
    super(db, {
      table: 'assistance_request',
      alias: 'r',
      read: Permission.REQUEST_READ,
      node: REQUEST_ROW,
      statusType: 'request_status',
      owner: 'requesting_organization_id',
    });
  }

  protected sideFilters(filters: ListFilters<AssistanceRequestTable>, filter: RequestFilter): void {
    filters
      .overlaps(
        'mandate_paragraphs',
        'mandate_paragraph',
        filter.mandateParagraphs,
        'filter.mandateParagraphs',
      )
      .oneOf('priority', 'priority', filter.priority, 'filter.priority')
      .contains('beneficiary_regions', filter.region)
      .contains('beneficiary_state_codes', filter.memberStateCode)
      .id('requesting_organization_id', filter.requestingOrganizationId, 'filter.requestingOrganizationId');
  }
}

/** The SQL snapshots of these queries (request.repository.sql). */
export const REQUEST_SNAPSHOTS = sqlSnapshots(import.meta.url, () => {
  const repository = new RequestRepository(compileOnly<DB>());
  const { requester } = EXAMPLE_VIEWERS;
  const filter: RequestFilter = {
    status: [RequestStatus.SUBMITTED],
    sectors: [InfrastructureSector.ENERGY],
    region: 'Africa',
    requestingOrganizationId: requester.organizationId,
    search: 'grid',
  };
  return [
    ...listExamples(repository, filter),
    {
      name: 'page',
      args: 'requester, no filter, first page, description not selected',
      query: repository.pageQuery(requester, repository.filtersOf({}), {
        ...EXAMPLE_PAGES.first,
        omitted: ['description'],
      }),
    },
    {
      name: 'visibleById',
      args: 'one id',
      query: repository.visibleByIdQuery(requester, EXAMPLE_IDS[0] as string),
    },
    { name: 'byIds', args: 'two ids', query: repository.byIdsQuery(EXAMPLE_IDS) },
    {
      name: 'byIdempotencyKey',
      args: 'author, key',
      query: repository.byIdempotencyKeyQuery(requester.id, 'create-1'),
    },
  ];
});
