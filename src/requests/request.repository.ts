import type { Kysely } from 'kysely';
import { accessSql, Permission } from '../access/access.js';
import type { Viewer } from '../viewer/viewer.js';
import { InfrastructureSector, RequestStatus } from '../common/enums.js';
import { ListFilters } from '../common/list-filters.js';
import { listExamples, ListRepository } from '../reads/list-repository.js';
import { countOf, INCLUDED, newestFirst, type PageArgs } from '../common/pagination.js';
import { compileOnly } from '../database/kysely.js';
import { EXAMPLE_IDS, EXAMPLE_VIEWERS, sqlSnapshots } from '../reads/sql-snapshots.js';
import { ORGANIZATION_ROW, type OrganizationTables } from '../organizations/organization.tables.js';
import type { AssistanceRequest } from './assistance-request.entity.js';
import type { RequestFilter } from './request.inputs.js';
import { type AssistanceRequestTable, REQUEST_ROW, type RequestTables } from './request.tables.js';

type DB = RequestTables & OrganizationTables;

/** The hot reads of requests (list pages, totals, the loader) as typed SQL over the read layer. */
export class RequestRepository extends ListRepository<DB, AssistanceRequest, RequestFilter> {
  constructor(db: Kysely<DB>) {
    // Every listed request shows its organization: read in the page's statement.
    super(db, {
      table: 'assistance_request',
      alias: 'r',
      read: Permission.REQUEST_READ,
      node: REQUEST_ROW,
      at: (request: AssistanceRequest) => request.createdAt,
      included: ORGANIZATION_ROW,
    });
  }

  /** The requests the viewer may read that pass the filter (validated here, in the filter's order). */
  private listed(viewer: Viewer, filter: RequestFilter) {
    return new ListFilters<AssistanceRequestTable>('r')
      .oneOf('status', 'request_status', filter.status, 'filter.status')
      .overlaps('sectors', 'infrastructure_sector', filter.sectors, 'filter.sectors')
      .overlaps('assistance_types', 'assistance_type', filter.assistanceTypes, 'filter.assistanceTypes')
      .overlaps(
        'mandate_paragraphs',
        'mandate_paragraph',
        filter.mandateParagraphs,
        'filter.mandateParagraphs',
      )
      .oneOf('priority', 'priority', filter.priority, 'filter.priority')
      .contains('beneficiary_regions', filter.region)
      .contains('beneficiary_state_codes', filter.memberStateCode)
      .id('requesting_organization_id', filter.requestingOrganizationId, 'filter.requestingOrganizationId')
      .search(filter.search, 'filter.search')
      .applyTo(
        this.db.selectFrom('assistance_request as r').where(accessSql(viewer, Permission.REQUEST_READ, 'r')),
      );
  }

  pageQuery(viewer: Viewer, filter: RequestFilter, args: PageArgs) {
    return newestFirst(this.listed(viewer, filter), { at: 'r.created_at', id: 'r.id' }, args)
      .leftJoin(
        'organization as listed_organization',
        'listed_organization.id',
        'r.requesting_organization_id',
      )
      .select(REQUEST_ROW.select('r'))
      .select(ORGANIZATION_ROW.json('listed_organization').as(INCLUDED));
  }

  countQuery(viewer: Viewer, filter: RequestFilter) {
    return countOf(this.listed(viewer, filter));
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
      name: 'visibleById',
      args: 'one id',
      query: repository.visibleByIdQuery(requester, EXAMPLE_IDS[0] as string),
    },
    { name: 'byIds', args: 'two ids', query: repository.byIdsQuery(EXAMPLE_IDS) },
  ];
});
