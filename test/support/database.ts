import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { JOB_SCHEMA } from '../../src/jobs/job-queue.js';
import type { PgTarget } from '../../src/database/data-source.js';

/** Set by the global setup: TEST_DATABASE_URL, or the embedded cluster it started. */
export function testTarget(): PgTarget {
  const raw = process.env.TEST_PG_TARGET;
  if (!raw) throw new Error('TEST_PG_TARGET is not set: run the suites through jest (test/global-setup.ts)');
  return JSON.parse(raw) as PgTarget;
}

export function pgClient(target: PgTarget = testTarget()): pg.Client {
  return new pg.Client('url' in target ? { connectionString: target.url } : target);
}

/**
 * An empty public schema and no job queue: the app's start then applies every migration and creates
 * the queue, as on a new installation.
 */
export async function resetDatabase(target: PgTarget = testTarget()): Promise<void> {
  const client = pgClient(target);
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query(`DROP SCHEMA IF EXISTS ${JOB_SCHEMA} CASCADE`);
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

/** Runs SQL as the database superuser (tests only: e.g. to tamper with audit rows past the trigger). */
export async function withClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = pgClient();
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A client of the database of a service started on its own embedded cluster in `dataDir`. */
export function embeddedServiceClient(dataDir: string): pg.Client {
  return new pg.Client({
    host: path.join(dataDir, 'run'),
    port: 5432,
    user: 'postgres',
    password: readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim(),
    database: 'app',
  });
}
