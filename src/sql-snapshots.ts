import type { SqlSnapshots } from './reads/sql-snapshots.js';
import { THREAD_SNAPSHOTS } from './comments/thread.loaders.js';
import { MATCH_SNAPSHOTS } from './matching/match.repository.js';
import { ROUND_SNAPSHOTS } from './matching/rounds.service.js';
import { OFFER_SNAPSHOTS } from './offers/offer.repository.js';
import { ORGANIZATION_SNAPSHOTS } from './organizations/organization.repository.js';
import { REQUEST_SNAPSHOTS } from './requests/request.repository.js';

/**
 * Every repository's SQL snapshots (reads/sql-snapshots.ts): a repository with typed SQL adds its
 * examples here, `npm run sql:snapshots` rewrites their files and sql-snapshots.spec checks them.
 */
export const SQL_SNAPSHOTS: readonly SqlSnapshots[] = [
  REQUEST_SNAPSHOTS,
  OFFER_SNAPSHOTS,
  MATCH_SNAPSHOTS,
  ORGANIZATION_SNAPSHOTS,
  THREAD_SNAPSHOTS,
  ROUND_SNAPSHOTS,
];
