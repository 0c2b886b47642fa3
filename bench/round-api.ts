/**
 * runMatchingRound through the API over a generated marketplace (BENCH_REQUESTS open requests and
 * BENCH_OFFERS published offers, defaults 10,000 each, about 20 candidate offers per request): a dry
 * run, then a real run that proposes every chosen pair, each timed, with the service's RSS, next to
 * the bare SQL of the candidate pairs in the same run.
 *   npm run bench:round-api            (BENCH_DATABASE_URL=postgres://… for a PostgreSQL server)
 */
import 'reflect-metadata';
import { Kysely, PostgresDialect } from 'kysely';
import { candidatePairs, type PairTables } from '../src/matching/hard-filters.js';
import { generateClusteredMarketplace } from './generate.js';
import { BENCH_PASSWORD, signIn, startBenchService } from './harness.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const OFFERS = Number(process.env.BENCH_OFFERS ?? 10_000);

const ROUND = `mutation($dry: Boolean) { runMatchingRound(input: { dryRun: $dry, minScore: 0.5 }) {
  consideredRequests consideredOffers totalScore pairs { score } proposals { id } } }`;

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main(): Promise<void> {
  const service = await startBenchService();
  const { graphql: url, pool } = service;
  try {
    const email = await generateClusteredMarketplace(pool, REQUESTS, OFFERS, BENCH_PASSWORD);
    const token = await signIn(url, email);
    let started = performance.now();
    const db = new Kysely<PairTables>({ dialect: new PostgresDialect({ pool }) });
    const count = db
      .selectFrom(candidatePairs(db).as('candidate'))
      .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('pairs'))
      .compile();
    const { rows } = await pool.query<{ pairs: number }>(count.sql, [...count.parameters]);
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
    await service.close();
  }
}

await main();
