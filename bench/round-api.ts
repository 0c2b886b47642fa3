/**
 * runMatchingRound through the API over a generated marketplace (BENCH_REQUESTS open requests and
 * BENCH_OFFERS published offers, defaults 10,000 each, about 20 candidate offers per request): a dry
 * run, then a real run that proposes every chosen pair, each timed, with the service's RSS, next to
 * the bare SQL of the candidate pairs in the same run.
 *   npm run bench:round-api            (BENCH_DATABASE_URL=postgres://… for a PostgreSQL server)
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp } from '../src/bootstrap.js';
import { createLogger } from '../src/common/logger.js';
import { loadConfig } from '../src/config/config.js';
import { openDatabase } from '../src/database/data-source.js';
import { candidatePairsSql } from '../src/matching/hard-filters.js';
import { generateClusteredMarketplace } from './generate.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const OFFERS = Number(process.env.BENCH_OFFERS ?? 10_000);
const PASSWORD = 'bench-password-long-enough';

const ROUND = `mutation($dry: Boolean) { runMatchingRound(input: { dryRun: $dry, minScore: 0.5 }) {
  consideredRequests consideredOffers totalScore pairs { score } proposals { id } } }`;

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main(): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cia-bench-')),
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
    JWT_SECRET: 'bench-signing-key-of-at-least-32-bytes!',
    ADMIN_EMAIL: 'admin@bench.example',
    ADMIN_PASSWORD: PASSWORD,
  });
  const logger = createLogger(config);
  const database = await openDatabase(config, { log: () => undefined, warn: (m) => logger.warn(m) });
  const app = await createApp(config, database.target, logger);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/graphql`;
  const pool = new pg.Pool(
    'url' in database.target ? { connectionString: database.target.url } : database.target,
  );
  try {
    const email = await generateClusteredMarketplace(pool, REQUESTS, OFFERS, PASSWORD);
    const login = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { login(input: { email: "${email}", password: "${PASSWORD}" }) { accessToken } }`,
      }),
    });
    const token = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login
      .accessToken;
    let started = performance.now();
    const { rows } = await pool.query<{ pairs: number }>(
      `SELECT count(*)::int AS pairs FROM (${candidatePairsSql('TRUE')}) AS candidate`,
    );
    const bareMs = performance.now() - started;
    const rssBefore = process.memoryUsage().rss;
    const round = async (dry: boolean) => {
      started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: ROUND, variables: { dry } }),
      });
      const body = (await response.json()) as {
        errors?: unknown;
        data: {
          runMatchingRound: {
            consideredRequests: number;
            consideredOffers: number;
            totalScore: number;
            pairs: unknown[];
            proposals: unknown[];
          };
        };
      };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      const result = body.data.runMatchingRound;
      return {
        ms: Math.round(performance.now() - started),
        consideredRequests: result.consideredRequests,
        consideredOffers: result.consideredOffers,
        chosenPairs: result.pairs.length,
        proposals: result.proposals.length,
        totalScore: result.totalScore,
        rssMb: mb(process.memoryUsage().rss),
      };
    };
    const dry = await round(true);
    const real = await round(false);
    console.log(
      JSON.stringify(
        {
          requests: REQUESTS,
          offers: OFFERS,
          candidatePairs: rows[0]?.pairs,
          bareCandidatePairsSqlMs: Math.round(bareMs),
          rssBeforeMb: mb(rssBefore),
          dryRun: dry,
          realRun: real,
        },
        null,
        2,
      ),
    );
  } finally {
    await pool.end();
    await app.close();
    await database.close();
  }
}

await main();
