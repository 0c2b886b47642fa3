/**
 * The implementation summary of a period, as a file, for staff who prefer files:
 *   npm run report -- --from 2026-01-01 --to 2026-12-31 --format md|csv|json [--out FILE]
 * Uses DATABASE_URL, or the embedded database in DATA_DIR. The figures are those of the
 * implementationSummary query; nothing is stored (generateCtcReport freezes a report).
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { canonicalJson } from '../common/canonical-json.js';
import { loadConfig } from '../config/config.js';
import { migratedDataSource, openDatabase } from '../database/data-source.js';
import { ENTITIES } from '../entities.js';
import { renderCsv, renderMarkdown } from '../reporting/renderers.js';
import { sha256 } from '../reporting/reports.service.js';
import { SummaryService } from '../reporting/summary.service.js';

const usage = 'usage: npm run report -- --from YYYY-MM-DD --to YYYY-MM-DD --format md|csv|json [--out FILE]';
let args;
try {
  args = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'md' },
      out: { type: 'string' },
    },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (!args.from || !args.to || !['md', 'csv', 'json'].includes(args.format ?? '')) {
  console.error(usage);
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase(config, { log: () => undefined, warn: (m) => console.error(m) });
let dataSource: DataSource | undefined;
try {
  // The same migrations the service applies at start, so a file can be made from any data directory.
  dataSource = await migratedDataSource(database.target, ENTITIES);
  const summary = await new SummaryService(dataSource).summary({ from: args.from, to: args.to });
  const json = canonicalJson(summary);
  const output =
    args.format === 'json'
      ? `${json}\n`
      : args.format === 'csv'
        ? renderCsv(summary)
        : renderMarkdown(summary, {
            reference: 'Live summary, not a frozen report',
            title: `Implementation of resolution 2341: ${args.from} to ${args.to}`,
            generatedAt: new Date().toISOString(),
            sha256: sha256(json),
          });
  if (args.out) writeFileSync(args.out, output);
  else process.stdout.write(output);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await database.close();
}
