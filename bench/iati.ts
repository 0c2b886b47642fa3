/**
 * The IATI export of BENCH_MATCHES agreed matches (default 10,000) of one provider, streamed as the
 * command line does, next to the bare SQL reading the same rows in the same run; time and the
 * process's memory while it streams.
 *   npm run bench:iati            (BENCH_DATABASE_URL=postgres://… for a PostgreSQL server)
 */
import 'reflect-metadata';
import { IatiExport } from '../src/reporting/iati/iati-export.js';
import { generateActivity } from './generate.js';
import { startBenchService } from './harness.js';

const MATCHES = Number(process.env.BENCH_MATCHES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

async function main(): Promise<void> {
  const service = await startBenchService();
  const { app, pool } = service;
  try {
    await pool.query(
      `INSERT INTO app_user (email, display_name, password_hash, roles) VALUES ('bench@bench.example', 'Bench', 'x', '{COORDINATOR}')`,
    );
    await generateActivity(pool, MATCHES * 2, MATCHES, 0);
    // One provider gives all of it, and every requesting State consented to publication with its text.
    const [provider] = (await pool.query<{ id: string }>(`SELECT id FROM organization ORDER BY name LIMIT 1`))
      .rows;
    if (!provider) throw new Error('no organization');
    await pool.query(`UPDATE organization SET iati_identifier = 'XM-DAC-99999' WHERE id = $1`, [provider.id]);
    await pool.query(`UPDATE assistance_offer SET provider_organization_id = $1`, [provider.id]);
    await pool.query(`UPDATE "match" SET provider_organization_id = $1, publication_consent = 'WITH_TEXT'`, [
      provider.id,
    ]);
    await pool.query('VACUUM (ANALYZE)');
    const exports = app.get(IatiExport);
    const period = { from: '2026-01-01', to: '2026-12-31' };
    const exportMs: number[] = [];
    const bareMs: number[] = [];
    let bytes = 0;
    let activities = 0;
    let peakRssGrowth = 0;
    for (let run = 0; run < RUNS; run += 1) {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let started = performance.now();
      bytes = 0;
      activities = 0;
      for await (const part of exports.stream(provider.id, period)) {
        bytes += Buffer.byteLength(part);
        if (part.startsWith('<iati-activity ')) activities += 1;
        peakRssGrowth = Math.max(peakRssGrowth, process.memoryUsage().rss - rssBefore);
      }
      exportMs.push(performance.now() - started);
      started = performance.now();
      await pool.query(
        `SELECT m.*, r.title, r.description, o.title, o.description FROM "match" m
           JOIN assistance_request r ON r.id = m.request_id JOIN assistance_offer o ON o.id = m.offer_id
          WHERE m.provider_organization_id = $1`,
        [provider.id],
      );
      bareMs.push(performance.now() - started);
    }
    const median = (values: number[]) =>
      Number([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!.toFixed(1));
    console.log(
      JSON.stringify(
        {
          database: service.database,
          activities,
          megabytes: Number((bytes / 1e6).toFixed(1)),
          exportMsMedian: median(exportMs),
          exportMsMax: Number(Math.max(...exportMs).toFixed(1)),
          bareSqlMsMedian: median(bareMs),
          peakRssGrowthMb: Number((peakRssGrowth / 1e6).toFixed(1)),
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
