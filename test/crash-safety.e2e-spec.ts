/**
 * Crash safety: concurrent writes, a SIGKILL of the service mid-way, a restart on the same data.
 * Every acknowledged write must be there, none half-done, and the audit chain must verify.
 * Runs the built service as a separate process (built here, incrementally).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ADMIN } from './support/app.js';
import { GqlClient } from './support/client.js';
import { embeddedServiceClient, resetDatabase, testTarget, withClient } from './support/database.js';
import { freePort } from './support/service.js';

const root = path.resolve(new URL('..', import.meta.url).pathname);

function exited(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', resolve));
}

async function waitReady(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited: ${output.join('').slice(-2000)}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the service did not become ready: ${output.join('').slice(-2000)}`);
}

describe('crash safety (e2e)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cia-crash-'));
  const target = testTarget();
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    NODE_OPTIONS: '',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: 'url' in target ? target.url : '',
    JWT_SECRET: 'crash-test-signing-key-of-32-bytes!!',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  };

  async function start(): Promise<{ child: ChildProcess; url: string }> {
    const port = await freePort();
    const output: string[] = [];
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: root,
      env: { ...env, PORT: String(port) },
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    await waitReady(url, child, output);
    return { child, url };
  }

  /** SQL on the database the service itself uses: TEST_DATABASE_URL, or its embedded cluster in DATA_DIR. */
  async function inServiceDatabase<T>(run: (db: pg.Client) => Promise<T>): Promise<T> {
    if ('url' in target) return withClient(run);
    const db = embeddedServiceClient(dataDir);
    await db.connect();
    try {
      return await run(db);
    } finally {
      await db.end();
    }
  }

  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      { cwd: root },
    );
    if ('url' in target) await resetDatabase();
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged write, none half-done, with a verifying audit chain, after a SIGKILL', async () => {
    const first = await start();
    const admin = new GqlClient(first.url);
    await admin.login(ADMIN.email, ADMIN.password);
    const acknowledged: string[] = [];
    let stop = false;
    let attempted = 0;
    const writer = async (worker: number) => {
      for (let i = 0; !stop; i += 1) {
        attempted += 1;
        try {
          const result = await admin.request<{ createOrganization: { id: string } }>(
            `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
            { input: { name: `Crash agency ${worker}-${i}`, kind: 'UN_ENTITY' } },
          );
          if (result.data?.createOrganization) acknowledged.push(result.data.createOrganization.id);
        } catch {
          return; // the connection died with the service
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    while (acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 10));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await exited(first.child);

    const second = await start();
    try {
      const admin2 = new GqlClient(second.url);
      await admin2.login(ADMIN.email, ADMIN.password);
      const { organizations } = await admin2.ok<{ organizations: { id: string }[] }>(
        '{ organizations(kind: UN_ENTITY) { id } }',
      );
      const present = new Set(organizations.map((o) => o.id));
      expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
      // None half-done: every organization has its audit event, and no event lacks its row.
      const orphans = await inServiceDatabase(
        async (db) =>
          (
            await db.query(
              `SELECT (SELECT count(*)::int FROM organization o WHERE NOT EXISTS (SELECT 1 FROM audit_event a
                       WHERE a.entity_id = o.id::text AND a.action = 'ORGANIZATION_CREATED')) AS without_event,
                    (SELECT count(*)::int FROM audit_event a WHERE a.action = 'ORGANIZATION_CREATED'
                       AND NOT EXISTS (SELECT 1 FROM organization o WHERE o.id::text = a.entity_id)) AS without_row`,
            )
          ).rows[0],
      );
      expect(orphans).toEqual({ without_event: 0, without_row: 0 });
      const { verifyAuditLog } = await admin2.ok<{
        verifyAuditLog: { valid: boolean; checkedEvents: number };
      }>('{ verifyAuditLog { valid checkedEvents } }');
      expect(verifyAuditLog.valid).toBe(true);
      console.log(
        `crash safety: ${attempted} writes attempted, ${acknowledged.length} acknowledged before SIGKILL, all present; ` +
          `${present.size} organizations after restart; audit chain of ${verifyAuditLog.checkedEvents} events verifies`,
      );
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  }, 120_000);

  it('seals audit events a killed service left pending, in the order they were written, at restart', async () => {
    const first = await start();
    const admin = new GqlClient(first.url);
    await admin.login(ADMIN.email, ADMIN.password);
    // Hold the sealing lock, as a long seal of another instance would: writes go on, events stay pending.
    const holder =
      'url' in target ? new pg.Client({ connectionString: target.url }) : embeddedServiceClient(dataDir);
    holder.on('error', () => undefined);
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock(23410013)');
    const written: string[] = [];
    try {
      for (let i = 0; i < 6; i += 1) {
        const { createOrganization } = await admin.ok<{ createOrganization: { id: string } }>(
          `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
          { input: { name: `Pending agency ${i}`, kind: 'CIVIL_SOCIETY' } },
        );
        written.push(createOrganization.id);
      }
      const pending = await inServiceDatabase(
        async (db) =>
          (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_pending')).rows[0]?.n,
      );
      expect(pending).toBeGreaterThanOrEqual(written.length);
      first.child.kill('SIGKILL');
      await exited(first.child);
    } finally {
      await holder.end().catch(() => undefined);
    }

    const second = await start();
    try {
      const sealed = await inServiceDatabase(async (db) => ({
        pending: (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_pending')).rows[0]?.n,
        order: (
          await db.query<{ entity_id: string }>(
            `SELECT entity_id FROM audit_event WHERE action = 'ORGANIZATION_CREATED' AND entity_id = ANY($1)
              ORDER BY sequence`,
            [written],
          )
        ).rows.map((row) => row.entity_id),
      }));
      // Sealed before the restarted service answered its first request, in the order of the writes.
      expect(sealed).toEqual({ pending: 0, order: written });
      const admin2 = new GqlClient(second.url);
      await admin2.login(ADMIN.email, ADMIN.password);
      const { verifyAuditLog } = await admin2.ok<{ verifyAuditLog: { valid: boolean } }>(
        '{ verifyAuditLog { valid } }',
      );
      expect(verifyAuditLog.valid).toBe(true);
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  }, 120_000);
});
