import 'reflect-metadata';
import { createApp } from './bootstrap.js';
import { createLogger } from './common/logger.js';
import { ConfigError, loadConfig } from './config/config.js';
import { openDatabase } from './database/data-source.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config);
  const started = Date.now();
  const database = await openDatabase(
    config,
    {
      log: (message) => logger.info({ context: 'EmbeddedPostgres' }, message),
      warn: (message) => logger.warn({ context: 'EmbeddedPostgres' }, message),
    },
    (message) => {
      logger.fatal({ context: 'EmbeddedPostgres' }, message);
      process.exit(70); // EX_SOFTWARE: a process manager restarts the service, or an operator looks
    },
  );
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    await app?.close().catch((error: unknown) => logger.error({ err: error }, 'error while closing'));
    await database.close();
    process.exit(0);
  };
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp(config, database.target, logger);
    // Nest's own signal hooks would exit before the embedded database stops; ours stop both in order.
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    logger.fatal({ err: error }, 'the service could not start');
    await app?.close().catch(() => undefined);
    await database.close();
    process.exit(1);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));
  logger.info(
    {
      url: `http://localhost:${config.port}/graphql`,
      database: database.embedded ? 'embedded' : 'DATABASE_URL',
      startupMs: Date.now() - started,
    },
    'service ready',
  );
}

void main();
