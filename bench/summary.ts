/**
 * implementationSummary for a whole year over BENCH_REQUESTS requests (default 100,000),
 * BENCH_MATCHES matches (50,000) and BENCH_AUDIT audit events (1,000,000), next to a bare count of
 * the year's requests in the same run.
 *   npm run bench:summary            (BENCH_DATABASE_URL=postgres://… for a PostgreSQL server)
 */
import 'reflect-metadata';
import { SummaryService } from '../src/reporting/summary.service.js';
import { generateActivity } from './generate.js';
import { startBenchService } from './harness.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const MATCHES = Number(process.env.BENCH_MATCHES ?? 50_000);
const AUDIT = Number(process.env.BENCH_AUDIT ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

async function main(): Promise<void> {
  // The service itself migrates the database and loads the reference data.
  const service = await startBenchService();
  const { app, pool } = service;
  try {
    await pool.query(
      `INSERT INTO app_user (email, display_name, password_hash, roles) VALUES ('bench@bench.example', 'Bench', 'x', '{COORDINATOR}')`,
    );
    await generateActivity(pool, REQUESTS, MATCHES, AUDIT);
    const service = app.get(SummaryService);
    const year = { from: '2026-01-01', to: '2026-12-31' };
    const summaryMs: number[] = [];
    const bareMs: number[] = [];
    let summary;
    for (let run = 0; run < RUNS; run += 1) {
      let started = performance.now();
      summary = await service.summary(year);
      summaryMs.push(performance.now() - started);
      started = performance.now();
      await pool.query(
        `SELECT count(*) FROM assistance_request WHERE submitted_at >= '2026-01-01' AND submitted_at < '2027-01-01'`,
      );
      bareMs.push(performance.now() - started);
    }
    const median = (values: number[]) =>
      Number([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!.toFixed(1));
    console.log(
      JSON.stringify(
        {
          requests: REQUESTS,
          matches: MATCHES,
          auditEvents: AUDIT,
          summaryMsMedian: median(summaryMs),
          summaryMsMax: Number(Math.max(...summaryMs).toFixed(1)),
          bareCountMsMedian: median(bareMs),
          figures: {
            requestsReceived: summary?.requestsReceived,
            matchesAgreed: summary?.matchesAgreed,
            matchRate: summary?.matchRate,
          },
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
