import { createHash } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { canonicalJson } from './canonical-json.js';
import { DomainError } from './errors.js';

/** sha256 of the canonical input, to tell a retry (same input) from a reuse of the key (other input). */
export function fingerprint(input: object): string {
  const { idempotencyKey: _key, ...rest } = input as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** The earlier result for a repeated key, or CONFLICT when the key was used for something else. */
export function replay<T extends { idempotencyFingerprint: string | null }>(existing: T, print: string): T {
  if (existing.idempotencyFingerprint !== print) {
    throw new DomainError('CONFLICT', 'This idempotencyKey was already used for a different input');
  }
  return existing;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}

/**
 * Creates once per (author, key): a repeat with the same input returns the first result, a repeat
 * with another input is CONFLICT, and of two racing repeats the loser returns the winner's row.
 */
export async function createOnce<T extends { idempotencyFingerprint: string | null }>(options: {
  key: string | null;
  input: object;
  constraint: string;
  find: (key: string) => Promise<T | null>;
  create: (fingerprint: string | null) => Promise<T>;
}): Promise<T> {
  const { key, constraint, find, create } = options;
  if (!key) return create(null);
  const print = fingerprint(options.input);
  const existing = await find(key);
  if (existing) return replay(existing, print);
  try {
    return await create(print);
  } catch (error) {
    if (!isUniqueViolation(error, constraint)) throw error;
    const winner = await find(key);
    if (!winner) throw error;
    return replay(winner, print);
  }
}
