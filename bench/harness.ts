import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp } from '../src/bootstrap.js';
import { createLogger } from '../src/common/logger.js';
import { loadConfig } from '../src/config/config.js';
import { openDatabase } from '../src/database/data-source.js';

/** The password of every account the benchmarks create. */
export const BENCH_PASSWORD = 'bench-password-long-enough';

export interface BenchService {
  app: NestFastifyApplication;
  /** `http://127.0.0.1:PORT` of the service. */
  base: string;
  /** The service's GraphQL endpoint. */
  graphql: string;
  /** A pool of its own on the same database, for generating data and bare baselines. */
  pool: pg.Pool;
  /** Which database the benchmark runs on, for its report. */
  database: string;
  close(): Promise<void>;
}

/**
 * Starts the service for a benchmark, as the tests do: on BENCH_DATABASE_URL, or on an embedded
 * database in a temporary DATA_DIR; listening on a free port of 127.0.0.1.
 */
export async function startBenchService(env: Record<string, string> = {}): Promise<BenchService> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cia-bench-')),
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
    JWT_SECRET: 'bench-signing-key-of-at-least-32-bytes!',
    ADMIN_EMAIL: 'admin@bench.example',
    ADMIN_PASSWORD: BENCH_PASSWORD,
    ...env,
  });
  const logger = createLogger(config);
  const database = await openDatabase(config, { log: () => undefined, warn: (m) => logger.warn(m) });
  const app = await createApp(config, database.target, logger);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const target = database.target;
  const pool = new pg.Pool(
    'url' in target ? { connectionString: target.url, max: 20 } : { ...target, max: 20 },
  );
  return {
    app,
    base,
    graphql: `${base}/graphql`,
    pool,
    database: database.embedded ? 'embedded PostgreSQL' : 'BENCH_DATABASE_URL',
    close: async () => {
      await pool.end();
      await app.close();
      await database.close();
    },
  };
}

/** An access token for `email`, signed in through the API. */
export async function signIn(graphql: string, email: string, password = BENCH_PASSWORD): Promise<string> {
  const response = await fetch(graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { accessToken } }',
      variables: { email, password },
    }),
  });
  const body = (await response.json()) as { data?: { login: { accessToken: string } }; errors?: unknown };
  if (!body.data) throw new Error(`signing in as ${email} failed: ${JSON.stringify(body.errors)}`);
  return body.data.login.accessToken;
}
