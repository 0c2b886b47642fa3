import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { EmbeddedPostgres, type EmbeddedLogger } from './embedded-postgres.js';
import { superviseEmbedded } from './embedded-supervisor.js';

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

/** `entities` is the registry of the composition root (src/entities.ts); this layer knows no domain. */
export function dataSourceOptions(
  target: PgTarget,
  entities: NonNullable<DataSourceOptions['entities']>,
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
    entities,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: {
      max: 20,
      connectionTimeoutMillis: 10_000,
      // plan_cache_mode stays PostgreSQL's default (auto): a named prepared statement (the read
      // layer's `prepared`) gets a generic plan once that is no worse than its custom plans, and an
      // unnamed one (a filtered list) is planned for its values, so a rare status uses its index.
    },
    ...extra,
  } as DataSourceOptions;
}

/** Session advisory lock held while migrating: instances starting together migrate one after another. */
const MIGRATION_LOCK = 2341_0001;

/**
 * Applies pending migrations under a session advisory lock, so that of several instances starting
 * together on one database the first migrates and the others, once it is done, find nothing pending.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await dataSource.runMigrations();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await lock.release();
  }
}

/** Opens a data source with its migrations applied (the app, the scripts and the tests). */
export async function migratedDataSource(
  target: PgTarget,
  entities: NonNullable<DataSourceOptions['entities']>,
): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(target, entities));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
