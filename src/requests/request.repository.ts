import { type Kysely, sql } from 'kysely';
import { accessSql, Permission } from '../access/access.js';
import type { Viewer } from '../viewer/viewer.js';
import { InfrastructureSector, RequestStatus } from '../common/enums.js';
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
import type { AssistanceRequest } from './assistance-request.entity.js';
import type { RequestFilter } from './request.inputs.js';
import { type AssistanceRequestTable, REQUEST_ROW, type RequestTables } from './request.tables.js';

type DB = RequestTables & OrganizationTables;

/** The hot reads of requests (list pages, totals, the loader) as typed SQL over the read layer. */
export class RequestRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The requests the viewer may read that pass the filter (validated here, in the filter's order). */
  private listed(viewer: Viewer, filter: RequestFilter) {
    const { conditions } = new ListFilters<AssistanceRequestTable>('r')
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
      .search(filter.search, 'filter.search');
    return conditions.reduce(
      (query, condition) => query.where(condition),
      this.db.selectFrom('assistance_request as r').where(accessSql(viewer, Permission.REQUEST_READ, 'r')),
    );
  }

  /** A page's rows, each with its organization as JSON (every listed item shows it). */
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

  /** One page of the requests the viewer may read; `included` holds the nodes' organizations. */
  page(
    viewer: Viewer,
    filter: RequestFilter | null | undefined,
    args: PageArgs,
  ): Promise<Page<AssistanceRequest>> {
    const f = filter ?? {};
    return readPage(
      this.db,
      {
        rows: this.pageQuery(viewer, f, args),
        count: () => this.countQuery(viewer, f),
        unfiltered: isUnfiltered(filter),
        node: REQUEST_ROW,
        at: (request) => request.createdAt,
        included: ORGANIZATION_ROW,
      },
      args.size,
    );
  }

  byIdsQuery(ids: readonly string[]) {
    return this.db
      .selectFrom('assistance_request as r')
      .select(REQUEST_ROW.select('r'))
      .where(sql<boolean>`r.id = ANY(${ids}::uuid[])`);
  }

  /** The requests with these ids, in no particular order (for the loader: no visibility here). */
  async byIds(ids: readonly string[]): Promise<AssistanceRequest[]> {
    return (await prepared(this.db, this.byIdsQuery(ids))).map((row) => REQUEST_ROW.build(row));
  }
}

/** The SQL snapshots of these queries (request.repository.sql). */
export const REQUEST_SNAPSHOTS = sqlSnapshots(import.meta.url, () => {
  const repository = new RequestRepository(compileOnly<DB>());
  const { coordinator, requester } = EXAMPLE_VIEWERS;
  const first = { size: 20, position: null };
  const after = {
    size: 20,
    position: { at: new Date('2026-11-27T10:00:00.000Z'), id: '00000000-0000-4000-8000-0000000000f1' },
  };
  const filter: RequestFilter = {
    status: [RequestStatus.SUBMITTED],
    sectors: [InfrastructureSector.ENERGY],
    region: 'Africa',
    requestingOrganizationId: '00000000-0000-4000-8000-00000000000c',
    search: 'grid',
  };
  return [
    {
      name: 'page',
      args: 'coordinator, no filter, first 20',
      query: repository.pageQuery(coordinator, {}, first),
    },
    {
      name: 'page',
      args: 'requester, no filter, after a cursor',
      query: repository.pageQuery(requester, {}, after),
    },
    { name: 'page', args: 'requester, filtered', query: repository.pageQuery(requester, filter, first) },
    { name: 'count', args: 'requester, no filter', query: repository.countQuery(requester, {}) },
    { name: 'count', args: 'coordinator, filtered', query: repository.countQuery(coordinator, filter) },
    {
      name: 'byIds',
      args: 'two ids',
      query: repository.byIdsQuery([after.position.id, filter.requestingOrganizationId as string]),
    },
  ];
});
