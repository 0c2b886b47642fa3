/**
 * suggestOffers over a large marketplace (BENCH_OFFERS published offers, default 100,000;
 * BENCH_REQUESTS open requests, default 20,000): latency percentiles of the GraphQL query for random
 * requests, next to the bare SQL of its hard filters in the same run, and the query plan.
 *   npm run bench:suggestions            (BENCH_DATABASE_URL=postgres://… for a PostgreSQL server)
 */
import 'reflect-metadata';
import { hardFiltersFor } from '../src/matching/hard-filters.js';
import { generateMarketplace } from './generate.js';
import { signIn, startBenchService } from './harness.js';

const OFFERS = Number(process.env.BENCH_OFFERS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);

function percentiles(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) =>
    Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number).toFixed(1));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

async function main(): Promise<void> {
  const service = await startBenchService();
  const { graphql: url, pool } = service;
  try {
    await generateMarketplace(pool, REQUESTS, OFFERS);
    // Suggestions are a coordinator's (or a party's) to read; an ADMIN alone hears NOT_FOUND.
    await pool.query(
      `UPDATE app_user SET roles = array_append(roles, 'COORDINATOR') WHERE email = 'admin@bench.example'`,
    );
    const token = await signIn(url, 'admin@bench.example');
    const { rows: ids } = await pool.query<{ id: string }>(
      `SELECT id FROM assistance_request ORDER BY random() LIMIT $1`,
      [SAMPLES],
    );
    const query = `query($id: ID!) { suggestOffers(requestId: $id, limit: 10) { score offer { id reference } breakdown { criterion value } } }`;
    const graphql: number[] = [];
    const bare: number[] = [];
    let candidates = 0;
    for (const [index, { id }] of ids.entries()) {
      let started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { id } }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      if (index >= 10) graphql.push(performance.now() - started);
      started = performance.now();
      const result = await pool.query(
        `SELECT o.id FROM assistance_request r, assistance_offer o WHERE r.id = $1 AND ${hardFiltersFor('request', '$1')}`,
        [id],
      );
      if (index >= 10) bare.push(performance.now() - started);
      candidates += result.rowCount ?? 0;
    }
    const plan = await pool.query(
      `EXPLAIN SELECT o.id FROM assistance_request r, assistance_offer o WHERE r.id = $1 AND ${hardFiltersFor('request', '$1')}`,
      [ids[0]?.id],
    );
    console.log(
      JSON.stringify(
        {
          offers: OFFERS,
          requests: REQUESTS,
          samples: graphql.length,
          averageCandidates: Math.round(candidates / ids.length),
          graphqlMs: percentiles(graphql),
          bareHardFilterSqlMs: percentiles(bare),
        },
        null,
        2,
      ),
    );
    console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
  } finally {
    await service.close();
  }
}

await main();
