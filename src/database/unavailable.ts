/**
 * Whether an error means the database could not be reached or dropped the connection (a server
 * restarting, a backend terminated, a pool that could not connect): the same request can succeed
 * on a retry, so it answers SERVICE_UNAVAILABLE rather than INTERNAL_SERVER_ERROR.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && typeof cause === 'object' && depth < 4; depth += 1) {
    const { code, syscall, message } = cause as { code?: unknown; syscall?: unknown; message?: unknown };
    if (typeof code === 'string') {
      // SQLSTATE class 08 (connection exception), 57P01..57P03 (shutdown, crash, starting up), 53300.
      if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300') return true;
      if (syscall === 'connect' && CONNECT_FAILURES.has(code)) return true;
      if (code === 'ECONNRESET' || code === 'EPIPE') return true;
    }
    if (typeof message === 'string' && LOST_CONNECTION.some((text) => message.startsWith(text))) return true;
    // TypeORM releases a transaction's query runner when its connection fails; later statements say so.
    if (RELEASED_RUNNER.has(String((cause as { name?: unknown }).name))) return true;
    cause =
      (cause as { driverError?: unknown }).driverError ??
      (cause as { cause?: unknown }).cause ??
      (cause as { originalError?: unknown }).originalError;
  }
  return false;
}

const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOENT', // the Unix socket of a server that is not running
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

// node-postgres states these without a code.
const LOST_CONNECTION = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

const RELEASED_RUNNER = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database is unavailable at the moment; retry shortly (with the same idempotencyKey for a create)';
