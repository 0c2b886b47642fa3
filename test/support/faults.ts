/**
 * Fault injection on real processes: the built service run as a child process, a private
 * redis-server, and a light GraphQL load whose every request is recorded with its outcome.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { PgTarget } from '../../src/database/data-source.js';
import { ADMIN } from './app.js';
import { embeddedServiceClient, pgClient } from './database.js';
import { freePort } from './service.js';
import { requestInput } from './fixtures.js';

const root = path.resolve(new URL('../..', import.meta.url).pathname);

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Polls `check` every 50 ms until it holds: the time it held at; an error after `timeoutMs` or if it throws. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  dataDir: string;
  output: string[];
  /** SQL on the database the service uses: DATABASE_URL, or its own embedded cluster in DATA_DIR. */
  sql<T>(run: (db: pg.Client) => Promise<T>): Promise<T>;
  /** Stops the service (SIGTERM) and removes its DATA_DIR. */
  stop(): Promise<void>;
}

/** The built service on a free port; on `target` when it is a URL, else on its own embedded database. */
export async function startService(target: PgTarget | 'embedded', env: NodeJS.ProcessEnv = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cia-faults-'));
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      NODE_OPTIONS: '',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      DATABASE_URL: target !== 'embedded' && 'url' in target ? target.url : '',
      JWT_SECRET: 'fault-test-signing-key-of-32-bytes!!',
      RATE_LIMIT_PER_MINUTE: '1000000',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'the service to be ready',
    async () => {
      if (child.exitCode !== null) throw new Error('the service exited');
      return fetch(`${url}/health/ready`).then(
        (response) => response.ok,
        () => false, // not listening yet
      );
    },
    60_000,
  ).catch((error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}: ${output.join('').slice(-2000)}`);
  });
  const service: ServiceProcess = {
    child,
    url,
    dataDir,
    output,
    async sql(run) {
      const db = target !== 'embedded' && 'url' in target ? pgClient(target) : embeddedServiceClient(dataDir);
      await db.connect();
      try {
        return await run(db);
      } finally {
        await db.end();
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return service;
}

/** Log lines (pino JSON) of the service whose message matches. */
export function logLines(service: ServiceProcess, pattern: RegExp): string[] {
  return service.output
    .join('')
    .split('\n')
    .filter((line) => pattern.test(line));
}

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/** A private redis-server on a free port, without persistence; `kill` and `start` it at will. */
export class RedisServer {
  private process: ChildProcess | undefined;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'cia-redis-'));

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      this.dir,
    ]);
    this.process = child;
    await waitFor('redis-server to answer', () => this.ping(), 10_000);
  }

  async ping(): Promise<boolean> {
    const { Redis } = await import('ioredis');
    const probe = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  }

  async keys(pattern: string): Promise<string[]> {
    const { Redis } = await import('ioredis');
    const client = new Redis(this.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      return await client.keys(pattern);
    } finally {
      client.disconnect();
    }
  }

  async kill(): Promise<void> {
    const child = this.process;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
    this.process = undefined;
  }

  async close(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Outcome {
  kind: 'read' | 'write';
  startedAt: number;
  endedAt: number;
  ok: boolean;
  status: number;
  code?: string;
  retryAfter?: string | null;
  key?: string;
  id?: string;
}

const CREATE = `mutation($input: CreateRequestInput!) { createRequest(input: $input) { id } }`;
const READ = `{ requests(first: 5) { totalCount nodes { id title } } }`;

async function send(url: string, token: string, query: string, variables?: object) {
  const startedAt = Date.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      data?: Record<string, { id?: string } | null> | null;
      errors?: { extensions?: { code?: string } }[];
    };
    return {
      startedAt,
      endedAt: Date.now(),
      ok: response.ok && !body.errors?.length,
      status: response.status,
      code: body.errors?.[0]?.extensions?.code,
      retryAfter: response.headers.get('retry-after'),
      data: body.data,
    };
  } catch {
    return { startedAt, endedAt: Date.now(), ok: false, status: 0, code: 'NO_RESPONSE', data: undefined };
  }
}

/** `workers` clients each alternating a list read and an idempotent create, until `stop()`. */
export function startLoad(url: string, token: string, workers = 3) {
  const outcomes: Outcome[] = [];
  const run = crypto.randomUUID().slice(0, 8);
  let stopped = false;
  const worker = async (w: number) => {
    for (let i = 0; !stopped; i += 1) {
      const { data: _read, ...read } = await send(url, token, READ);
      outcomes.push({ kind: 'read', ...read });
      const key = `fault-${run}-${w}-${i}`;
      const { data, ...write } = await send(url, token, CREATE, { input: writeInput(key) });
      outcomes.push({ kind: 'write', ...write, key, id: data?.createRequest?.id });
      // Light traffic: a few requests per worker and 100 ms, not a saturation of the two cores.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const running = Array.from({ length: workers }, (_, w) => worker(w));
  return {
    outcomes,
    /** Requests answered so far that started at or after `since`. */
    answeredSince: (since: number) => outcomes.filter((o) => o.startedAt >= since).length,
    async stop() {
      stopped = true;
      await Promise.all(running);
      return outcomes;
    },
  };
}

export const writeInput = (key: string) => requestInput({ title: `Fault drill ${key}`, idempotencyKey: key });

/** Resends every refused create with its idempotency key; returns the ids the retries answered. */
export async function retryRefusedWrites(url: string, token: string, outcomes: Outcome[]) {
  const refused = outcomes.filter((o) => o.kind === 'write' && !o.ok);
  const answers = await Promise.all(
    refused.map(async (o) => {
      const retry = await send(url, token, CREATE, { input: writeInput(o.key ?? '') });
      return { key: o.key ?? '', ok: retry.ok, id: retry.data?.createRequest?.id };
    }),
  );
  return answers;
}

export interface FaultReport {
  fault: string;
  sent: number;
  failedBeforeFault: number;
  failedDuringFault: number;
  failedAfterRecovery: number;
  recoveryMs: number;
  acknowledgedWrites: number;
  acknowledgedLost: number;
  refusedWritesRetried: number;
  duplicates: number;
}

/** Counts the outcomes around the fault and checks every write against the database. */
export async function faultReport(options: {
  fault: string;
  outcomes: Outcome[];
  faultAt: number;
  recoveredAt: number;
  recoveryMs: number;
  service: ServiceProcess;
  retried: { key: string; ok: boolean }[];
}): Promise<FaultReport> {
  const { outcomes, faultAt, recoveredAt, service } = options;
  const acknowledged = outcomes.filter((o) => o.kind === 'write' && o.ok && o.id);
  const keys = outcomes.filter((o) => o.kind === 'write').map((o) => o.key ?? '');
  const rows = await service.sql(
    async (db) =>
      (
        await db.query<{ id: string; idempotency_key: string }>(
          'SELECT id, idempotency_key FROM assistance_request WHERE idempotency_key = ANY($1)',
          [keys],
        )
      ).rows,
  );
  const present = new Set(rows.map((row) => row.id));
  const perKey = new Map<string, number>();
  for (const row of rows) perKey.set(row.idempotency_key, (perKey.get(row.idempotency_key) ?? 0) + 1);
  return {
    fault: options.fault,
    sent: outcomes.length,
    failedBeforeFault: outcomes.filter((o) => !o.ok && o.endedAt < faultAt).length,
    failedDuringFault: outcomes.filter((o) => !o.ok && o.endedAt >= faultAt && o.startedAt < recoveredAt)
      .length,
    failedAfterRecovery: outcomes.filter((o) => !o.ok && o.startedAt >= recoveredAt).length,
    recoveryMs: options.recoveryMs,
    acknowledgedWrites: acknowledged.length,
    acknowledgedLost: acknowledged.filter((o) => !present.has(o.id ?? '')).length,
    refusedWritesRetried: options.retried.filter((r) => r.ok).length,
    duplicates: [...perKey.values()].filter((count) => count > 1).length,
  };
}

export function printReports(reports: FaultReport[]): void {
  if (reports.length === 0) return;
  const columns = Object.keys(reports[0] ?? {}) as (keyof FaultReport)[];
  const lines = [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...reports.map((report) => `| ${columns.map((column) => String(report[column])).join(' | ')} |`),
  ];
  console.log(`fault injection:\n${lines.join('\n')}`);
}
