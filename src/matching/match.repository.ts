import { type Kysely, sql } from 'kysely';
import { accessSql, Permission } from '../access/access.js';
import type { Viewer } from '../viewer/viewer.js';
import { MatchStatus } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { ListFilters } from '../common/list-filters.js';
import {
  countOf,
  isUnfiltered,
  newestFirst,
  type Page,
  type PageArgs,
  readPage,
} from '../common/pagination.js';
import { isUuid } from '../common/validation.js';
import { compileOnly, prepared } from '../database/kysely.js';
import { EXAMPLE_VIEWERS, sqlSnapshots } from '../database/sql-snapshots.js';
import type { Match } from './match.entity.js';
import { MATCH_ROW, type MatchTable, type MatchTables } from './match.tables.js';
import type { MatchFilter } from './match.types.js';

type DB = MatchTables;

/** The hot reads of matches (list pages, totals, the loaders) as typed SQL over the read layer. */
export class MatchRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The matches the viewer may read that pass the filter (validated here, in the filter's order). */
  private listed(viewer: Viewer, filter: MatchFilter) {
    const filters = new ListFilters<MatchTable>('m')
      .oneOf('status', 'match_status', filter.status, 'filter.status')
      .id('request_id', filter.requestId, 'filter.requestId')
      .id('offer_id', filter.offerId, 'filter.offerId');
    const party = filter.organizationId;
    if (party !== null && party !== undefined) {
      if (!isUuid(party)) throw DomainError.badInput('filter.organizationId', 'must be an id');
      filters.where(
        sql`(m.requesting_organization_id = ${party}::uuid OR m.provider_organization_id = ${party}::uuid)`,
      );
    }
    return filters.conditions.reduce(
      (query, condition) => query.where(condition),
      this.db.selectFrom('match as m').where(accessSql(viewer, Permission.MATCH_READ, 'm')),
    );
  }

  pageQuery(viewer: Viewer, filter: MatchFilter, args: PageArgs) {
    return newestFirst(this.listed(viewer, filter), { at: 'm.proposed_at', id: 'm.id' }, args).select(
      MATCH_ROW.select('m'),
    );
  }

  countQuery(viewer: Viewer, filter: MatchFilter) {
    return countOf(this.listed(viewer, filter));
  }

  /** One page of the matches the viewer may read, newest proposal first. */
  page(viewer: Viewer, filter: MatchFilter | null | undefined, args: PageArgs): Promise<Page<Match>> {
    const f = filter ?? {};
    return readPage(
      this.db,
      {
        rows: this.pageQuery(viewer, f, args),
        count: () => this.countQuery(viewer, f),
        unfiltered: isUnfiltered(filter),
        node: MATCH_ROW,
        at: (match) => match.proposedAt,
      },
      args.size,
    );
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

  async of(viewer: Viewer, column: 'request_id' | 'offer_id', ids: readonly string[]): Promise<Match[]> {
    return (await prepared(this.db, this.ofQuery(viewer, column, ids))).map((row) => MATCH_ROW.build(row));
  }
}

/** The SQL snapshots of these queries (match.repository.sql). */
export const MATCH_SNAPSHOTS = sqlSnapshots(import.meta.url, () => {
  const repository = new MatchRepository(compileOnly<DB>());
  const { coordinator, requester } = EXAMPLE_VIEWERS;
  const first = { size: 20, position: null };
  const after = {
    size: 20,
    position: { at: new Date('2026-11-27T10:00:00.000Z'), id: '00000000-0000-4000-8000-0000000000f3' },
  };
  const filter: MatchFilter = {
    status: [MatchStatus.PROPOSED],
    requestId: '00000000-0000-4000-8000-0000000000f1',
    organizationId: '00000000-0000-4000-8000-00000000000c',
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
    { name: 'count', args: 'requester, filtered', query: repository.countQuery(requester, filter) },
    {
      name: 'of',
      args: 'requester, request_id, one id',
      query: repository.ofQuery(requester, 'request_id', [after.position.id]),
    },
    {
      name: 'of',
      args: 'coordinator, offer_id, one id',
      query: repository.ofQuery(coordinator, 'offer_id', [after.position.id]),
    },
  ];
});
