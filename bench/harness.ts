import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
  /** A connection URL of that database, for processes of their own. */
  url: string;
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
    url: connectionUrl(target),
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

/** A connection URL of `target` (a socket directory as the `host` parameter). */
function connectionUrl(target: Awaited<ReturnType<typeof openDatabase>>['target']): string {
  if ('url' in target) return target.url;
  const credentials = `${encodeURIComponent(target.user)}:${encodeURIComponent(target.password ?? '')}`;
  const database = encodeURIComponent(target.database ?? 'postgres');
  return target.host.startsWith('/')
    ? `postgresql://${credentials}@localhost:${target.port}/${database}?host=${encodeURIComponent(target.host)}`
    : `postgresql://${credentials}@${target.host}:${target.port}/${database}`;
}

/** A process of the benchmark's own (the service, or the bare endpoints) and where it listens. */
export interface BenchProcess {
  base: string;
  pid: number;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The service as deployed (`dist/src/main.js`, `NODE_ENV=production`, Node started with
 * `nodeFlags`) in a process of its own on the database at `url`, ready once `/health/ready` answers.
 */
export async function startServiceProcess(url: string, nodeFlags: readonly string[]): Promise<BenchProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cia-bench-'));
  const child = fork('dist/src/main.js', [], {
    execArgv: [...nodeFlags],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      // Mail as .eml files in the data directory: production needs somewhere to send it.
      SMTP_URL: pathToFileURL(path.join(dataDir, 'outbox')).href,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: 'bench-signing-key-of-at-least-32-bytes!',
      RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`the service process exited with ${child.exitCode}`);
    const ready = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (waited > 60_000) throw new Error('the service process did not become ready in 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { base, pid: child.pid as number, close: () => stopped(child) };
}

/** The bare endpoints (bench/bare.ts) in a process of their own on the database at `url`. */
export async function startBareProcess(url: string): Promise<BenchProcess> {
  const child = fork('dist/bench/bare-server.js', [], {
    env: { ...process.env, BENCH_BARE_DATABASE_URL: url },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the bare endpoint process exited with ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, pid: child.pid as number, close: () => stopped(child) };
}
