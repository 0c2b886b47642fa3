/**
 * The layering of src/ (README, "Architecture"), checked by `npm run depcheck` in CI: an arrow that
 * points up fails the build. From the bottom up:
 *   foundation   config, redis, viewer, common, database  know no other folder of src/
 *   shared       access, audit, workflow, graphql, metrics, reads, jobs, mail
 *   platform     reference, organizations < auth < notifications
 *   marketplace  what requests and offers share: the item's columns, its inputs and fields, its lifecycle
 *   market       requests, offers                        neither knows the other
 *   matching
 *   consumers    comments, reporting
 *   root         app.module.ts, app.loaders.ts, entities.ts, sql-snapshots.ts, bootstrap.ts, main.ts, shutdown.ts,
 *                health/, scripts/: the one place that knows every domain
 * viewer/ is who is asking (the Viewer type, the role decorator, reading a bearer token): a part of
 * the foundation, so every layer may use it; auth/ signs people in and issues the tokens.
 */
const FOUNDATION = '^src/(config|redis|viewer|common|database)/';
const SHARED = '^src/(access|audit|workflow|graphql|metrics|reads|jobs|mail)/';
const PLATFORM = '^src/(auth|organizations|reference|notifications)/';
const MARKETPLACE = '^src/marketplace/';
const MARKET = '^src/(requests|offers)/';
const ROOT =
  '^src/((app\\.module|app\\.loaders|entities|sql-snapshots|bootstrap|main|shutdown)\\.ts$|health/|scripts/)';
const SPEC = '\\.spec\\.ts$';

/** An error for any import from `from` into `to` (paths of src/, specs left out). */
const forbid = (name, comment, from, to, toNot) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from, pathNot: SPEC },
  to: toNot ? { path: to, pathNot: toNot } : { path: to },
});

export default {
  forbidden: [
    forbid(
      'foundation-knows-no-domain',
      'config, redis, viewer, common and database know no other folder of src/',
      FOUNDATION,
      '^src/',
      FOUNDATION,
    ),
    forbid(
      'shared-layers-know-no-domain',
      'access, audit, workflow, graphql, metrics, reads, jobs and mail import the foundation and each other only',
      SHARED,
      '^src/',
      `${FOUNDATION}|${SHARED}`,
    ),
    forbid(
      'platform-knows-no-market',
      'auth, organizations, reference and notifications never import the market, matching or its consumers',
      PLATFORM,
      `${MARKETPLACE}|${MARKET}|^src/(matching|comments|reporting)/|${ROOT}`,
    ),
    forbid(
      'platform-order',
      'within the platform: reference and organizations (people and their credentials) come first, then auth (signing in), then notifications',
      '^src/(organizations|reference)/',
      '^src/(auth|notifications)/',
    ),
    forbid(
      'auth-knows-no-notifications',
      'notifications ask auth whether a sign-in has ended, not the other way round',
      '^src/auth/',
      '^src/notifications/',
    ),
    forbid(
      'marketplace-knows-no-side',
      'the shared lifecycle of requests and offers is configured by each side and knows neither, nor what builds on them',
      MARKETPLACE,
      `${MARKET}|^src/(matching|comments|reporting)/|${ROOT}`,
    ),
    forbid(
      'sides-do-not-know-matching',
      'requests and offers publish marketplace events (workflow/marketplace-events.ts); matching reacts to them',
      MARKET,
      `^src/(matching|comments|reporting)/|${ROOT}`,
    ),
    forbid(
      'requests-do-not-know-offers',
      'the two sides of the market are independent',
      '^src/requests/',
      '^src/offers/',
    ),
    forbid(
      'offers-do-not-know-requests',
      'the two sides of the market are independent',
      '^src/offers/',
      '^src/requests/',
    ),
    forbid(
      'matching-knows-no-consumer',
      'comments and reporting build on matching, not the other way round',
      '^src/matching/',
      `^src/(comments|reporting)/|${ROOT}`,
    ),
    forbid(
      'only-the-root-imports-the-root',
      'the composition root (entity registry, loaders, app module) is imported by the root and the scripts only',
      '^src/(?!scripts/)[^/]+/',
      ROOT,
    ),
    {
      name: 'no-circular',
      comment: 'a cycle of imports between files hides which one is lower',
      severity: 'error',
      from: { path: '^src/', pathNot: SPEC },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that does not resolve',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
