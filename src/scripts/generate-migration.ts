/**
 * Writes a migration with whatever the entities need beyond the migrated schema:
 *   npm run migration:generate -- Name
 * Uses DATABASE_URL, or the embedded database in DATA_DIR. Read the file, then add it to migrations/index.ts.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { migratedDataSource, openDatabase } from '../database/data-source.js';
import { ENTITIES } from '../entities.js';
import { pendingSchemaChanges, type SchemaQuery } from '../database/schema-drift.js';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: npm run migration:generate -- MigrationName (PascalCase)');
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase(config, { log: console.log, warn: console.warn });
const dataSource = await migratedDataSource(database.target, ENTITIES);
try {
  const { up, down } = await pendingSchemaChanges(dataSource);
  if (up.length === 0) {
    console.log('no changes: the migrations match the entities');
  } else {
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const quote = (sql: string) =>
      '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const body = (queries: SchemaQuery[]) =>
      queries
        .map((q) =>
          q.parameters
            ? `    await queryRunner.query(${quote(q.query)}, ${JSON.stringify(q.parameters)});`
            : `    await queryRunner.query(${quote(q.query)});`,
        )
        .join('\n');
    const file = path.resolve('migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${body(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${body(down)}
  }
}
`,
    );
    console.log(`wrote ${file}; add ${className} to migrations/index.ts`);
  }
} finally {
  await dataSource.destroy();
  await database.close();
}
