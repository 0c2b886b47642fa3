import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { accessSql, Permission } from '../access/access.js';
import type { Viewer } from '../viewer/viewer.js';
import { MatchStatus } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { ListFilters } from '../common/list-filters.js';
import { listExamples, ListRepository } from '../reads/list-repository.js';
import { countOf, newestFirst, type PageArgs } from '../common/pagination.js';
import { isUuid } from '../common/validation.js';
import { compileOnly } from '../database/kysely.js';
import { EXAMPLE_IDS, EXAMPLE_VIEWERS, sqlSnapshots } from '../reads/sql-snapshots.js';
import type { Match } from './match.entity.js';
import { MATCH_ROW, type MatchTable, type MatchTables } from './match.tables.js';
import type { MatchFilter } from './match.types.js';

/** The hot reads of matches (list pages, totals, the loaders) as typed SQL over the read layer. */
export class MatchRepository extends ListRepository<MatchTables, Match, MatchFilter> {
  constructor(db: Kysely<MatchTables>) {
    super(db, {
      table: 'match',
      alias: 'm',
      read: Permission.MATCH_READ,
      node: MATCH_ROW,
      at: (match: Match) => match.proposedAt,
    });
  }

  /** The conditions of a filter, validated in the filter's order. */
  filtersOf(filter: MatchFilter, slots?: Record<string, unknown>): ListFilters<MatchTable> {
    const filters = new ListFilters<MatchTable>('m', slots)
      .oneOf('status', 'match_status', filter.status, 'filter.status')
      .id('request_id', filter.requestId, 'filter.requestId')
      .id('offer_id', filter.offerId, 'filter.offerId');
    const party = filter.organizationId;
    if (party !== null && party !== undefined) {
      if (!isUuid(party)) throw DomainError.badInput('filter.organizationId', 'must be an id');
      filters.custom('party', (bind) => {
        const id = bind(party);
        return sql`(m.requesting_organization_id = ${id}::uuid OR m.provider_organization_id = ${id}::uuid)`;
      });
    }
    return filters;
  }

  /** The matches the viewer may read that pass the filters. */
  private listed(viewer: Viewer, filters: ListFilters<unknown>, access?: Expression<SqlBool>) {
    return filters.applyTo(
      this.db.selectFrom('match as m').where(access ?? accessSql(viewer, Permission.MATCH_READ, 'm')),
    );
  }

  /** A page's rows, newest proposal first. */
  pageQuery(viewer: Viewer, filters: ListFilters<unknown>, args: PageArgs, access?: Expression<SqlBool>) {
    return newestFirst(
      this.listed(viewer, filters, access),
      { at: 'm.proposed_at', id: 'm.id' },
      args,
    ).select(MATCH_ROW.select('m'));
  }

  countQuery(viewer: Viewer, filters: ListFilters<unknown>, access?: Expression<SqlBool>) {
    return countOf(this.listed(viewer, filters, access));
  }

  /** The matches the viewer may read on these requests (or offers), oldest first. */
  ofQuery(viewer: Viewer, column: 'request_id' | 'offer_id', ids: readonly string[]) {
    return this.db
      .selectFrom('match as m')
      .select(MATCH_ROW.select('m'))
      .where(sql<boolean>`${sql.ref(`m.${column}`)} = ANY(${ids}::uuid[])`)
      .where(accessSql(viewer, Permission.MATCH_READ, 'm'))
      .orderBy('m.proposed_at', 'asc')
      .orderBy('m.id', 'asc');
  }

  /** For the loaders of the matches of requests and of offers. */
  of(viewer: Viewer, column: 'request_id' | 'offer_id', ids: readonly string[]): Promise<Match[]> {
    return this.nodes(this.ofQuery(viewer, column, ids));
  }
}

/** The SQL snapshots of these queries (match.repository.sql). */
export const MATCH_SNAPSHOTS = sqlSnapshots(import.meta.url, () => {
  const repository = new MatchRepository(compileOnly<MatchTables>());
  const { requester } = EXAMPLE_VIEWERS;
  const filter: MatchFilter = {
    status: [MatchStatus.PROPOSED],
    requestId: EXAMPLE_IDS[0],
    organizationId: requester.organizationId,
  };
  return [
    ...listExamples(repository, filter),
    {
      name: 'visibleById',
      args: 'requester, one id',
      query: repository.visibleByIdQuery(requester, EXAMPLE_IDS[0] as string),
    },
    {
      name: 'of',
      args: 'requester, request_id, two ids',
      query: repository.ofQuery(EXAMPLE_VIEWERS.requester, 'request_id', EXAMPLE_IDS),
    },
  ];
});
