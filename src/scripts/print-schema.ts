/**
 * Writes schema.gql, the SDL the service serves, so every API change shows in review:
 *   npm run schema:print
 * Starts the application without listening (DATABASE_URL, or the embedded database in DATA_DIR).
 */
import 'reflect-metadata';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../bootstrap.js';
import { projectRoot } from '../common/project-root.js';
import { createLogger } from '../common/logger.js';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../database/data-source.js';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
const logger = createLogger(config);
const database = await openDatabase(config, { log: () => undefined, warn: (m) => logger.warn(m) });
try {
  const app = await createApp(config, database.target, logger);
  await app.init();
  const file = path.join(projectRoot(), 'schema.gql');
  writeFileSync(file, `${printSchema(app.get(GraphQLSchemaHost).schema)}\n`);
  await app.close();
  console.log(`wrote ${file}`);
} finally {
  await database.close();
}
