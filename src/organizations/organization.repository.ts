import { type Kysely, sql } from 'kysely';
import type { Role } from '../common/enums.js';
import { countOf, newestFirst, type Page, type PageArgs, readPage } from '../common/pagination.js';
import { compileOnly, prepared } from '../database/kysely.js';
import { idIn } from '../database/rows.js';
import { EXAMPLE_IDS, EXAMPLE_PAGES, sqlSnapshots } from '../reads/sql-snapshots.js';
import type { Organization } from './organization.entity.js';
import { ORGANIZATION_ROW, type OrganizationTables, USER_ROW } from './organization.tables.js';
import type { User } from './user.entity.js';

/** The loaders' reads of organizations and users, as typed SQL over the read layer. */
export class OrganizationRepository {
  constructor(private readonly db: Kysely<OrganizationTables>) {}

  byIdsQuery(ids: readonly string[]) {
    return this.db.selectFrom('organization as o').select(ORGANIZATION_ROW.select('o')).where(idIn('o', ids));
  }

  /** The organizations with these ids, in no particular order. */
  async byIds(ids: readonly string[]): Promise<Organization[]> {
    return (await prepared(this.db, this.byIdsQuery(ids))).map((row) => ORGANIZATION_ROW.build(row));
  }

  /** Users as authors and actors are read: without their password hash. */
  usersByIdsQuery(ids: readonly string[]) {
    return this.db.selectFrom('app_user as u').select(USER_ROW.select('u')).where(idIn('u', ids));
  }

  async usersByIds(ids: readonly string[]): Promise<User[]> {
    return (await prepared(this.db, this.usersByIdsQuery(ids))).map((row) => USER_ROW.build(row));
  }

  /** The users that pass a directory filter (its values already checked), for a page or its total. */
  private directory(filter: DirectoryFilter) {
    let query = this.db.selectFrom('app_user as u');
    if (filter.organizationId) query = query.where('u.organization_id', '=', filter.organizationId);
    if (filter.role) query = query.where(sql<boolean>`${filter.role}::role = ANY(${sql.ref('u.roles')})`);
    if (filter.active === true) query = query.where('u.deactivated_at', 'is', null);
    if (filter.active === false) query = query.where('u.deactivated_at', 'is not', null);
    return query;
  }

  usersPageQuery(filter: DirectoryFilter, args: PageArgs) {
    return newestFirst(this.directory(filter), { at: 'u.created_at', id: 'u.id' }, args).select(
      USER_ROW.select('u'),
    );
  }

  usersCountQuery(filter: DirectoryFilter) {
    return countOf(this.directory(filter));
  }

  /** A page of the user directory, newest first. */
  usersPage(filter: DirectoryFilter, args: PageArgs): Promise<Page<User>> {
    return readPage(
      this.db,
      {
        rows: this.usersPageQuery(filter, args),
        count: () => this.usersCountQuery(filter),
        unfiltered: false,
        node: USER_ROW,
        at: (user) => user.createdAt,
      },
      args.size,
    );
  }
}

/** What the user directory is filtered by (checked by the caller). */
export interface DirectoryFilter {
  organizationId?: string | null;
  role?: Role | null;
  active?: boolean | null;
}

/** The SQL snapshots of these queries (organization.repository.sql). */
export const ORGANIZATION_SNAPSHOTS = sqlSnapshots(import.meta.url, () => {
  const repository = new OrganizationRepository(compileOnly<OrganizationTables>());
  return [
    { name: 'byIds', args: 'two ids', query: repository.byIdsQuery(EXAMPLE_IDS) },
    { name: 'usersByIds', args: 'two ids', query: repository.usersByIdsQuery(EXAMPLE_IDS) },
    {
      name: 'usersPage',
      args: 'an organization, a role, active users, after a cursor',
      query: repository.usersPageQuery(
        { organizationId: EXAMPLE_IDS[0], role: 'REQUESTER' as Role, active: true },
        EXAMPLE_PAGES.after,
      ),
    },
    { name: 'usersCount', args: 'no filter', query: repository.usersCountQuery({}) },
  ];
});
