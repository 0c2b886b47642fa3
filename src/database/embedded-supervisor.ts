import type { EmbeddedLogger } from './embedded-postgres.js';

/** What the supervisor needs of the embedded server (EmbeddedPostgres). */
export interface SupervisedServer {
  onUnexpectedExit: ((detail: string) => void) | undefined;
  relaunch(): Promise<void>;
  readonly isStopping: boolean;
}

export interface SupervisorOptions {
  logger: EmbeddedLogger;
  /** The server could not be brought back: the service cannot serve and should exit. */
  onGiveUp(message: string): void;
  /** Wait before each restart attempt; their count is the limit of consecutive attempts. */
  delaysMs?: readonly number[];
  /** A server that ran this long since its last restart starts a fresh series of attempts. */
  stableMs?: number;
}

export const RESTART_DELAYS_MS = [200, 400, 800, 1_600, 3_200] as const;

/**
 * Brings the embedded PostgreSQL back when it exits unexpectedly (a crash, an OOM kill, a SIGKILL):
 * PostgreSQL replays its write-ahead log on start, so every committed transaction is there again.
 * Restart attempts back off (RESTART_DELAYS_MS) and are logged one by one; when they are used up
 * without a server that stays up, `onGiveUp` is called once. On the embedded default nothing else
 * would restart the server, so the service does.
 */
export function superviseEmbedded(server: SupervisedServer, options: SupervisorOptions): void {
  const { logger, onGiveUp } = options;
  const delays = options.delaysMs ?? RESTART_DELAYS_MS;
  const stableMs = options.stableMs ?? 60_000;
  let attempts = 0;
  let upSince = Date.now();
  let restarting = false;

  const restart = async (detail: string) => {
    if (Date.now() - upSince >= stableMs) attempts = 0;
    logger.warn(
      `the embedded PostgreSQL exited unexpectedly (${detail}); restarting it, with crash recovery from its write-ahead log`,
    );
    let lastError = 'it exited again at once';
    while (attempts < delays.length) {
      const delay = delays[attempts] ?? 0;
      attempts += 1;
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (server.isStopping) return;
      logger.warn(`restarting the embedded PostgreSQL: attempt ${attempts} of ${delays.length}`);
      const started = Date.now();
      try {
        await server.relaunch();
        upSince = Date.now();
        logger.log(`the embedded PostgreSQL is running again (attempt ${attempts}, ${upSince - started} ms)`);
        return;
      } catch (error) {
        if (server.isStopping) return;
        lastError = String((error as Error).message)
          .split('\n')
          .slice(0, 2)
          .join(' ');
        logger.warn(`attempt ${attempts} to restart the embedded PostgreSQL failed: ${lastError}`);
      }
    }
    onGiveUp(
      `the embedded PostgreSQL exited and could not be restarted after ${delays.length} attempts (${lastError}); stopping the service`,
    );
  };

  server.onUnexpectedExit = (detail) => {
    if (restarting || server.isStopping) return;
    restarting = true;
    void restart(detail).finally(() => (restarting = false));
  };
}
