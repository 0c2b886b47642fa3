import { type Kysely, sql } from 'kysely';
import { compileOnly, prepared } from '../database/kysely.js';
import { sqlSnapshots } from '../database/sql-snapshots.js';
import type { Organization } from './organization.entity.js';
import { ORGANIZATION_ROW, type OrganizationTables, USER_ROW } from './organization.tables.js';
import type { User } from './user.entity.js';

/** The loaders' reads of organizations and users, as typed SQL over the read layer. */
export class OrganizationRepository {
  constructor(private readonly db: Kysely<OrganizationTables>) {}

  byIdsQuery(ids: readonly string[]) {
    return this.db
      .selectFrom('organization as o')
      .select(ORGANIZATION_ROW.select('o'))
      .where(sql<boolean>`o.id = ANY(${ids}::uuid[])`);
  }

  /** The organizations with these ids, in no particular order. */
  async byIds(ids: readonly string[]): Promise<Organization[]> {
    return (await prepared(this.db, this.byIdsQuery(ids))).map((row) => ORGANIZATION_ROW.build(row));
  }

  /** Users as authors and actors are read: without their password hash. */
  usersByIdsQuery(ids: readonly string[]) {
    return this.db
      .selectFrom('app_user as u')
      .select(USER_ROW.select('u'))
      .where(sql<boolean>`u.id = ANY(${ids}::uuid[])`);
  }

  async usersByIds(ids: readonly string[]): Promise<User[]> {
    return (await prepared(this.db, this.usersByIdsQuery(ids))).map((row) => USER_ROW.build(row));
  }
}

/** The SQL snapshots of these queries (organization.repository.sql). */
export const ORGANIZATION_SNAPSHOTS = sqlSnapshots(import.meta.url, () => {
  const repository = new OrganizationRepository(compileOnly<OrganizationTables>());
  const ids = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
  return [
    { name: 'byIds', args: 'two ids', query: repository.byIdsQuery(ids) },
    { name: 'usersByIds', args: 'two ids', query: repository.usersByIdsQuery(ids) },
  ];
});
