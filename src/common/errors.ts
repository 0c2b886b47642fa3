import { IntrinsicException } from '@nestjs/common';
/** The error codes of the contract; every GraphQL error carries exactly one as `extensions.code`. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'INVALID_TRANSITION',
  'CAPACITY_EXHAUSTED',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The one error services throw: a contract code and a message safe to show the client. It is an
 * expected outcome, not a fault, so the framework does not log it as an error.
 */
export class DomainError extends IntrinsicException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra, client-safe details (e.g. the offending field). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string): DomainError {
    return new DomainError('NOT_FOUND', `${what} not found`);
  }

  static badInput(field: string, problem: string): DomainError {
    return new DomainError('BAD_USER_INPUT', `${field}: ${problem}`, { field });
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled error code ${String(value)}`);
}

/** HTTP status a code would carry on its own (used when a whole request fails before execution). */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'BAD_USER_INPUT':
    case 'QUERY_TOO_COMPLEX':
      return 400;
    case 'CONFLICT':
    case 'INVALID_TRANSITION':
    case 'CAPACITY_EXHAUSTED':
      return 409;
    case 'RATE_LIMITED':
      return 429;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'INTERNAL_SERVER_ERROR':
      return 500;
    default:
      return assertUnreachable(code);
  }
}
