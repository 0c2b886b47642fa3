import type { DataSource } from 'typeorm';
import { byIdsLoader } from '../common/loaders.js';
import type { Page } from '../common/pagination.js';
import { readLayer } from '../database/kysely.js';
import { Organization } from './organization.entity.js';
import { OrganizationRepository } from './organization.repository.js';

/** What the user loader reads of authors and actors: everything but the password hash (`USER_ROW`). */
export const USER_FIELDS = [
  'id',
  'email',
  'displayName',
  'roles',
  'organizationId',
  'preferredLanguage',
  'notificationPreferences',
  'deactivatedAt',
  'createdAt',
  'updatedAt',
] as const;

/** Organizations and users by id. */
export function organizationLoaders(dataSource: DataSource) {
  const repository = new OrganizationRepository(readLayer(dataSource));
  return {
    organization: byIdsLoader((ids) => repository.byIds(ids)),
    user: byIdsLoader((ids) => repository.usersByIds(ids)),
  };
}

export type OrganizationLoaders = ReturnType<typeof organizationLoaders>;

/** A list page, once the organization loader is primed with the organizations read with its rows. */
export async function withIncludedOrganizations<T>(
  loaders: Pick<OrganizationLoaders, 'organization'>,
  page: Promise<Page<T>>,
): Promise<Page<T>> {
  const loaded = await page;
  for (const organization of loaded.included) {
    if (organization instanceof Organization) loaders.organization.prime(organization.id, organization);
  }
  return loaded;
}
