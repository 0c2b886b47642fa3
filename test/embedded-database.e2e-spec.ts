import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';

const quiet = { log: () => undefined, warn: () => undefined };

async function query(connection: pg.ClientConfig, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

// Skipped on PostgreSQL runs: the embedded cluster is what is under test here.
const describeEmbedded = process.env.TEST_DATABASE_URL ? describe.skip : describe;

describeEmbedded('embedded PostgreSQL', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cia-embedded-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('takes over the data of a run that was killed and left its server running', async () => {
    const crashed = new EmbeddedPostgres(dir, quiet);
    const first = await crashed.start();
    expect(first.host.startsWith(dir)).toBe(true); // a Unix socket in DATA_DIR, no TCP port
    await query(
      first,
      'CREATE TABLE acknowledged (id int PRIMARY KEY); INSERT INTO acknowledged VALUES (1), (2)',
    );
    // The service dies without stopping its server; a new start on the same DATA_DIR must work.
    const next = new EmbeddedPostgres(dir, quiet);
    const second = await next.start();
    try {
      const rows = await query(second, 'SELECT id FROM acknowledged ORDER BY id');
      expect(rows.rows).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await next.stop();
    }
  });

  it('refuses to start beside another live instance on the same DATA_DIR', async () => {
    const other = spawn('sleep', ['30']);
    try {
      await writeFile(path.join(dir, 'service.pid'), `${other.pid}\n`);
      await expect(new EmbeddedPostgres(dir, quiet).start()).rejects.toThrow(
        /in use by another running instance/,
      );
    } finally {
      other.kill();
      await rm(path.join(dir, 'service.pid'), { force: true });
    }
  });

  it('restarts quickly on an existing cluster', async () => {
    const cluster = new EmbeddedPostgres(dir, quiet);
    const started = Date.now();
    const connection = await cluster.start();
    const elapsed = Date.now() - started;
    await cluster.stop();
    expect(connection.database).toBe('app');
    console.log(`embedded restart: ${elapsed} ms`);
  });
});
