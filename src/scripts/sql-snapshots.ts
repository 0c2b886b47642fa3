import 'reflect-metadata';
import { writeSnapshots } from '../reads/sql-snapshots.js';
import { SQL_SNAPSHOTS } from '../sql-snapshots.js';

/** `npm run sql:snapshots`: rewrites every repository's SQL snapshot file from its queries. */
for (const snapshots of SQL_SNAPSHOTS) {
  const changed = writeSnapshots(snapshots);
  process.stdout.write(`${changed ? 'wrote' : 'unchanged'} ${snapshots.file}\n`);
}
