import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError, type ErrorCode, isErrorCode } from './errors.js';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../database/unavailable.js';

/** What the mapper reports about an unexpected error so it can be logged with a correlation id. */
export type UnexpectedErrorSink = (error: unknown, correlationId: string) => void;

/** SQLSTATE 22021 (character not in repertoire) and 22P05 (untranslatable character). */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

function codeFromOriginal(original: unknown): { code: ErrorCode; message: string } | undefined {
  if (original instanceof DomainError) return { code: original.code, message: original.message };
  if (isDatabaseUnavailable(original))
    return { code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE };
  // Text PostgreSQL cannot store (a NUL character) that got past the transport's check.
  if (UNSTORABLE_TEXT.has(String((original as { driverError?: { code?: unknown } })?.driverError?.code)))
    return { code: 'BAD_USER_INPUT', message: 'text must not contain the NUL character (U+0000)' };
  return undefined;
}

/**
 * Turns any error raised while executing a GraphQL operation into a client-safe error whose
 * `extensions.code` is one of the contract's codes. Never lets a stack trace, SQL or path through.
 */
export function formatGraphQLError(
  error: GraphQLError | GraphQLFormattedError,
  onUnexpected: UnexpectedErrorSink,
  newCorrelationId: () => string,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const locations = error.locations;
  const path = error.path;
  const fromDomain = codeFromOriginal(original);
  if (fromDomain) {
    const details = original instanceof DomainError ? original.details : undefined;
    return {
      message: fromDomain.message,
      locations,
      path,
      extensions: { ...(details ?? {}), code: fromDomain.code },
    };
  }
  // An error the GraphQL layer itself produced with a code (our validation rules, auth guard mapping).
  const existingCode = error.extensions?.code;
  if (isErrorCode(existingCode) && existingCode !== 'INTERNAL_SERVER_ERROR' && !original) {
    return { message: error.message, locations, path, extensions: { code: existingCode } };
  }
  // The GraphQL server's own request errors (method not allowed, missing query…) carry safe messages.
  if (isServerRequestError(original)) {
    return { message: error.message, locations, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (original instanceof GraphQLError && isErrorCode(original.extensions?.code)) {
    return { message: original.message, locations, path, extensions: { code: original.extensions.code } };
  }
  // Parse, validation and variable-coercion errors happen before execution: they have no path and
  // no original error, and they are always the client's document or variables being wrong.
  if (!path && (!original || original instanceof GraphQLError)) {
    return { message: error.message, locations, extensions: { code: 'BAD_USER_INPUT' } };
  }
  const correlationId = newCorrelationId();
  onUnexpected(original ?? error, correlationId);
  return {
    message: `Internal server error (reference ${correlationId})`,
    locations,
    path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
  };
}

/** Errors of the HTTP and GraphQL server layers about a bad request (4xx); their messages are safe. */
function isServerRequestError(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof GraphQLError) return false;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'string' && (code.startsWith('MER_ERR_') || code.startsWith('FST_ERR_'))) return true;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}
