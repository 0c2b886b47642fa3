import 'reflect-metadata';
import { committedSnapshots, renderSnapshots } from './reads/sql-snapshots.js';
import { SQL_SNAPSHOTS } from './sql-snapshots.js';

describe('SQL snapshots', () => {
  it.each(SQL_SNAPSHOTS.map((snapshots) => [snapshots.file, snapshots] as const))(
    '%s is what the repository compiles',
    (file, snapshots) => {
      const compiled = renderSnapshots(snapshots);
      const committed = committedSnapshots(snapshots);
      if (committed !== compiled) {
        const lines = compiled.split('\n');
        const at = (committed ?? '').split('\n').findIndex((line, i) => line !== lines[i]);
        throw new Error(
          committed === null
            ? `${file} is missing: run \`npm run sql:snapshots\` and commit it`
            : `${file} differs from the compiled queries at line ${at + 1} (compiled: ${JSON.stringify(lines[at])}): ` +
                'run `npm run sql:snapshots` and commit the change, so that it shows in review',
        );
      }
    },
  );
});
