/**
 * The layering of src/ (README, "Architecture"), checked by `npm run depcheck` in CI: an arrow that
 * points up fails the build. From the bottom up:
 *   foundation   config, redis, common, database        know no other folder of src/
 *   shared       access, audit, workflow, graphql, metrics
 *   platform     auth, organizations, reference, notifications
 *   market       requests, offers                        neither knows the other
 *   matching
 *   consumers    comments, reporting
 *   root         app.module.ts, app.loaders.ts, entities.ts, bootstrap.ts, main.ts, shutdown.ts,
 *                health/, scripts/: the one place that knows every domain
 * auth/viewer.ts, auth/auth.decorators.ts and auth/access-token.ts are the viewer's contract (who is
 * asking, the role decorator, reading a bearer token): every layer above the foundation may use them,
 * and the foundation may use the viewer's type.
 */
const FOUNDATION = '^src/(config|redis|common|database)/';
const SHARED = '^src/(access|audit|workflow|graphql|metrics)/';
const PLATFORM = '^src/(auth|organizations|reference|notifications)/';
const MARKET = '^src/(requests|offers)/';
const ROOT = '^src/((app\\.module|app\\.loaders|entities|bootstrap|main|shutdown)\\.ts$|health/|scripts/)';
const VIEWER_CONTRACT = '^src/auth/(viewer|auth\\.decorators|access-token)\\.ts$';
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
      'config, redis, common and database know no other folder of src/ (the viewer type aside)',
      FOUNDATION,
      '^src/',
      `${FOUNDATION}|^src/auth/viewer\\.ts$`,
    ),
    forbid(
      'shared-layers-know-no-domain',
      'access, audit, workflow, graphql and metrics import the foundation, each other and the viewer contract only',
      SHARED,
      '^src/',
      `${FOUNDATION}|${SHARED}|${VIEWER_CONTRACT}`,
    ),
    forbid(
      'platform-knows-no-market',
      'auth, organizations, reference and notifications never import the market, matching or its consumers',
      PLATFORM,
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
