import type { Kysely } from 'kysely';
import { compileOnly, prepared } from '../database/kysely.js';
import { idIn } from '../database/rows.js';
import { EXAMPLE_IDS, sqlSnapshots } from '../reads/sql-snapshots.js';
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
}

/** The SQL snapshots of these queries (organization.repository.sql). */
export const ORGANIZATION_SNAPSHOTS = sqlSnapshots(import.meta.url, () => {
  const repository = new OrganizationRepository(compileOnly<OrganizationTables>());
  return [
    { name: 'byIds', args: 'two ids', query: repository.byIdsQuery(EXAMPLE_IDS) },
    { name: 'usersByIds', args: 'two ids', query: repository.usersByIdsQuery(EXAMPLE_IDS) },
  ];
});
