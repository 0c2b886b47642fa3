/**
 * Starting and stopping the built service as an operator does: several instances on one database,
 * start-up failures, a SIGTERM under load. Runs `node dist/src/main.js` (built here, incrementally).
 */
import { MIGRATIONS } from '../migrations/index.js';
import { ADMIN } from './support/app.js';
import { GqlClient } from './support/client.js';
import { resetDatabase, testTarget, withClient } from './support/database.js';
import { buildService, serviceEnv, spawnService, stopService, waitReady } from './support/service.js';

describe('service lifecycle (e2e)', () => {
  const target = testTarget();

  beforeAll(() => buildService(), 120_000);

  describe('two instances starting together', () => {
    it('run the migrations once on a fresh database and both serve', async () => {
      await resetDatabase();
      const env = serviceEnv(target);
      const instances = await Promise.all([spawnService(env), spawnService(env)]);
      try {
        const started = await Promise.allSettled(instances.map((instance) => waitReady(instance)));
        expect(started.map((s) => (s.status === 'fulfilled' ? 'ready' : String(s.reason)))).toEqual([
          'ready',
          'ready',
        ]);
        // Neither start met the other's half-made schema (a failed migration is logged, then retried).
        for (const instance of instances)
          expect(
            instance
              .output()
              .split('\n')
              .filter((line) => /failed|"level":[56]0/.test(line)),
          ).toEqual([]);
        const applied = await withClient(
          async (db) =>
            (
              await db.query<{ name: string; times: number }>(
                'SELECT name, count(*)::int AS times FROM migrations GROUP BY name ORDER BY name',
              )
            ).rows,
        );
        expect(applied.map((m) => m.times)).toEqual(MIGRATIONS.map(() => 1));
        for (const instance of instances) {
          const admin = new GqlClient(instance.url);
          await admin.login(ADMIN.email, ADMIN.password);
          const { memberStates } = await admin.ok<{ memberStates: unknown[] }>('{ memberStates { code } }');
          expect(memberStates).toHaveLength(195);
        }
        const admins = await withClient(
          async (db) =>
            (await db.query(`SELECT count(*)::int AS n FROM app_user WHERE 'ADMIN' = ANY(roles)`)).rows[0],
        );
        expect(admins).toEqual({ n: 1 });
      } finally {
        await Promise.all(instances.map((instance) => stopService(instance)));
      }
    }, 180_000);
  });
});
