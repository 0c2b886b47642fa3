import 'reflect-metadata';
import { createApp } from './bootstrap.js';
import { createLogger } from './common/logger.js';
import { ConfigError, loadConfig } from './config/config.js';
import { openDatabase } from './database/data-source.js';
import { EXIT_CONFIG, StartupError } from './database/embedded-postgres.js';
import { GracefulShutdown } from './shutdown.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
  const logger = createLogger(config);
  const started = Date.now();
  // Nest's own signal hooks would exit before the embedded database stops; ours stop both in order.
  // A signal during start-up is kept and acted on once the service is up.
  let requested: NodeJS.Signals | undefined;
  let onSignal = (signal: NodeJS.Signals) => void (requested ??= signal);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => onSignal(signal));
  // `npm start` runs the service under a shell that passes no SIGTERM on: when npm and that shell
  // are stopped, the service is left to another parent, and stops as if it had been sent SIGTERM.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) onSignal('SIGTERM');
  }, 500).unref();

  /** One line, never a stack trace (LOG_LEVEL=debug shows it); 78 when the operator must act. */
  const failedToStart: (error: unknown) => never = (error) => {
    if (error instanceof StartupError) {
      console.error(error.message);
      process.exit(EXIT_CONFIG);
    }
    logger.debug({ err: error }, 'start-up failure');
    logger.fatal(`the service could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  };

  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(
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
  } catch (error) {
    failedToStart(error);
  }
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let shutdown: GracefulShutdown;
  try {
    app = await createApp(config, database.target, logger);
    shutdown = new GracefulShutdown(app, logger);
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    failedToStart(error);
  }
  let stopping = false;
  onSignal = (signal) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void shutdown
      .close(config.shutdownGraceSeconds * 1000)
      .catch((error: unknown) => logger.error({ err: error }, 'error while closing the service'))
      .then(() => database.close())
      .then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error while stopping the embedded database');
          process.exit(1);
        },
      );
  };
  logger.info(
    {
      url: `http://localhost:${config.port}/graphql`,
      database: database.embedded ? 'embedded' : 'DATABASE_URL',
      startupMs: Date.now() - started,
    },
    'service ready',
  );
  if (requested) onSignal(requested);
}

void main();
