/**
 * Latency of `requests(first: 50)` with every relation field, next to a bare Fastify + pg endpoint
 * returning the same 50 rows as JSON, in the same run (ratios hold on a noisy shared machine).
 *   npm run bench:requests            # embedded database in a temporary DATA_DIR
 *   BENCH_DATABASE_URL=postgres://… npm run bench:requests
 * Options (environment): BENCH_ROWS (default 5000), BENCH_SECONDS (10), BENCH_CONNECTIONS (10).
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp } from '../src/bootstrap.js';
import { createLogger } from '../src/common/logger.js';
import { loadConfig } from '../src/config/config.js';
import { openDatabase, type PgTarget } from '../src/database/data-source.js';
import { generateRequests } from './generate.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PASSWORD = 'bench-password-long-enough';

const LIST = `query { requests(first: 50) { totalCount pageInfo { hasNextPage endCursor } nodes {
  id reference title status priority confidentiality sectors assistanceTypes desiredStart desiredEnd
  estimatedBudget { amount currency } allowedActions
  requestingOrganization { id name memberState { code name region } }
  beneficiaryStates { code name region }
  history { from to action at actor { id displayName } }
  comments { id body author { id displayName } }
} } }`;

const BARE_SQL = `SELECT r.id, r.reference, r.title, r.status, r.priority, r.confidentiality, r.sectors, r.assistance_types,
  r.desired_start, r.desired_end, r.budget_amount, r.budget_currency, r.beneficiary_state_codes,
  o.id AS org_id, o.name AS org_name, o.member_state_code
  FROM assistance_request r JOIN organization o ON o.id = r.requesting_organization_id
  WHERE r.status <> 'DRAFT' ORDER BY r.reference_number DESC LIMIT 50`;

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(
  url: string,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
): Promise<Figures> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, ...init });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

function pgConfig(target: PgTarget): pg.PoolConfig {
  return 'url' in target ? { connectionString: target.url, max: 20 } : { ...target, max: 20 };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cia-bench-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
    JWT_SECRET: 'bench-signing-key-of-at-least-32-bytes!',
    ADMIN_EMAIL: 'admin@bench.example',
    ADMIN_PASSWORD: PASSWORD,
  });
  const logger = createLogger(config);
  const database = await openDatabase(config, { log: () => undefined, warn: (m) => logger.warn(m) });
  const app = await createApp(config, database.target, logger);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const apiUrl = `http://127.0.0.1:${address.port}/graphql`;
  const pool = new pg.Pool(pgConfig(database.target));
  const bare = Fastify();
  bare.get('/requests', async () => (await pool.query(BARE_SQL)).rows);
  const bareUrl = `${await bare.listen({ port: 0, host: '127.0.0.1' })}/requests`;
  try {
    await generateRequests(pool, ROWS, PASSWORD);
    const login = await fetch(apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { login(input: { email: "coordinator@bench.example", password: "${PASSWORD}" }) { accessToken } }`,
      }),
    });
    const token = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login
      .accessToken;
    const graphql = {
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: LIST }),
    };
    const check = (await (await fetch(apiUrl, graphql)).json()) as {
      data?: { requests: { nodes: unknown[] } };
    };
    if (check.data?.requests.nodes.length !== 50)
      throw new Error(`the list query failed: ${JSON.stringify(check).slice(0, 300)}`);
    await measure(bareUrl, { method: 'GET' }); // warm-up of both, not reported
    await measure(apiUrl, graphql);
    const baseline = await measure(bareUrl, { method: 'GET' });
    const service = await measure(apiUrl, graphql);
    const report = {
      when: new Date().toISOString(),
      database: database.embedded ? 'embedded PostgreSQL 17' : 'BENCH_DATABASE_URL',
      rows: ROWS,
      seconds: SECONDS,
      connections: CONNECTIONS,
      bare: baseline,
      graphql: service,
      throughputRatio: Number((service.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)),
    };
    const table = [
      `| endpoint (50 rows, ${CONNECTIONS} connections, ${SECONDS} s) | req/s | p50 ms | p99 ms | errors |`,
      '| --- | --- | --- | --- | --- |',
      `| bare Fastify + pg | ${baseline.requestsPerSecond} | ${baseline.p50} | ${baseline.p99} | ${baseline.errors} |`,
      `| GraphQL requests(first: 50), all relations | ${service.requestsPerSecond} | ${service.p50} | ${service.p99} | ${service.errors} |`,
      `| ratio (GraphQL / bare throughput) | ${report.throughputRatio} | | | |`,
    ].join('\n');
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/list-requests.json', `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync('bench/results/list-requests.md', `${table}\n`);
    console.log(table);
  } finally {
    // Let requests autocannon abandoned at the deadline finish before the database goes away.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await bare.close();
    await pool.end();
    await app.close();
    await database.close();
  }
}

await main();
