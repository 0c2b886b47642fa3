import type { DataSource } from 'typeorm';
import type { Viewer } from './viewer/viewer.js';
import { threadLoaders } from './comments/thread.loaders.js';
import { matchLoaders } from './matching/match.loaders.js';
import { offerLoaders } from './offers/offer.loaders.js';
import { organizationLoaders } from './organizations/organization.loaders.js';
import { requestLoaders } from './requests/request.loaders.js';
import type { HistoryLoaders } from './workflow/history.loaders.js';

/**
 * Every domain's loaders, a fresh set per GraphQL request (no cross-request cache). The composition
 * root is the one place that knows every domain; `satisfies` checks the contracts that a shared layer
 * declares and another domain implements.
 */
export function createLoaders(dataSource: DataSource, viewer: () => Viewer | undefined) {
  const organizations = organizationLoaders(dataSource);
  return {
    ...organizations,
    ...requestLoaders(dataSource),
    ...offerLoaders(dataSource),
    ...matchLoaders(dataSource, viewer),
    ...threadLoaders(dataSource, organizations.user),
  } satisfies HistoryLoaders;
}

export type Loaders = ReturnType<typeof createLoaders>;
