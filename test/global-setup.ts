import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres, EXIT_CONFIG, StartupError } from '../src/database/embedded-postgres.ts';

/**
 * One database for the whole run: TEST_DATABASE_URL when set, else an embedded PostgreSQL cluster
 * in a temporary directory. Each suite resets the schema and lets the app migrate it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_PG_TARGET = JSON.stringify({ url: process.env.TEST_DATABASE_URL });
    console.log(
      `\ntests use TEST_DATABASE_URL (${process.env.TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')})`,
    );
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'cia-test-'));
  const cluster = new EmbeddedPostgres(
    dir,
    { log: () => undefined, warn: (m: string) => console.warn(m) },
    'test',
  );
  let target;
  try {
    target = await cluster.start();
  } catch (error) {
    // One line that says what to do, as `npm start` prints it, rather than a stack trace.
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    await cluster.stop().catch(() => undefined);
    process.exit(error instanceof StartupError ? EXIT_CONFIG : 1);
  }
  (globalThis as { __embeddedTestCluster?: unknown }).__embeddedTestCluster = { cluster, dir };
  process.env.TEST_PG_TARGET = JSON.stringify(target);
  console.log(`\ntests use an embedded PostgreSQL in ${dir}`);
}
