import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { EmbeddedPostgres, type EmbeddedLogger } from './embedded-postgres.js';
import { superviseEmbedded } from './embedded-supervisor.js';
import { ENTITIES } from './entities.js';

/** Where to reach PostgreSQL: a URL, or the parts of an embedded cluster's socket connection. */
export type PgTarget =
  { url: string } | { host: string; port: number; user: string; password: string; database: string };

export interface DatabaseHandle {
  target: PgTarget;
  embedded: boolean;
  /** Stops the embedded cluster, if this handle started one. */
  close(): Promise<void>;
}

/**
 * `DATABASE_URL` when set; otherwise an embedded PostgreSQL cluster in `DATA_DIR`, restarted when it
 * exits unexpectedly; `onLost` hears when it could not be brought back.
 */
export async function openDatabase(
  config: AppConfig,
  logger: EmbeddedLogger,
  onLost: (message: string) => void = (message) => logger.warn(message),
): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    return { target: { url: config.databaseUrl }, embedded: false, close: async () => undefined };
  }
  const cluster = new EmbeddedPostgres(path.resolve(config.dataDir), logger);
  try {
    const target = await cluster.start();
    superviseEmbedded(cluster, { logger, onGiveUp: onLost });
    return { target, embedded: true, close: () => cluster.stop() };
  } catch (error) {
    await cluster.stop().catch(() => undefined);
    throw error;
  }
}

export function dataSourceOptions(
  target: PgTarget,
  extra: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    ...('url' in target
      ? { url: target.url }
      : {
          host: target.host,
          port: target.port,
          username: target.user,
          password: target.password,
          database: target.database,
        }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: {
      max: 20,
      connectionTimeoutMillis: 10_000,
      // Only named prepared statements have cached plans (src/database/prepared.ts); they keep one
      // generic plan per connection instead of planning each call again.
      options: '-c plan_cache_mode=force_generic_plan',
    },
    ...extra,
  } as DataSourceOptions;
}

/** Opens a data source and applies pending migrations (used by the scripts and tests; the app uses Nest). */
export async function migratedDataSource(target: PgTarget): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(target));
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}
