/**
 * A provider organization's agreed assistance as an IATI 2.03 file:
 *   npm run export:iati -- --provider <organization id or IATI identifier> --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]
 * Uses DATABASE_URL, or the embedded database in DATA_DIR; the same document as the iatiActivities
 * query, written as it is made (flat memory, any size).
 */
import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { isUuid } from '../common/validation.js';
import { loadConfig } from '../config/config.js';
import { migratedDataSource, openDatabase } from '../database/data-source.js';
import { ENTITIES } from '../entities.js';
import { IatiExport } from '../reporting/iati/iati-export.js';

const usage =
  'usage: npm run export:iati -- --provider <organization id or IATI identifier> --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]';
let args;
try {
  args = parseArgs({
    options: {
      provider: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
    },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (!args.provider || !args.from || !args.to) {
  console.error(usage);
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase(config, { log: () => undefined, warn: (m) => console.error(m) });
let dataSource: DataSource | undefined;
try {
  dataSource = await migratedDataSource(database.target, ENTITIES);
  const provider = args.provider;
  const [organization] = (await dataSource.query(
    `SELECT id FROM organization WHERE ${isUuid(provider) ? 'id = $1' : 'iati_identifier = $1'}`,
    [provider],
  )) as { id: string }[];
  if (!organization) throw new Error(`No organization ${provider}`);
  // The file is opened with the first part, so an export refused before it starts leaves none behind.
  let out: Writable | undefined;
  let activities = 0;
  for await (const part of new IatiExport(dataSource).stream(organization.id, {
    from: args.from,
    to: args.to,
  })) {
    out ??= args.out ? createWriteStream(args.out) : process.stdout;
    if (part.startsWith('<iati-activity ')) activities += 1;
    if (!out.write(part)) await once(out, 'drain');
  }
  if (args.out && out) {
    out.end();
    await once(out, 'finish');
    console.error(`wrote ${activities} activities to ${args.out}`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await database.close();
}
