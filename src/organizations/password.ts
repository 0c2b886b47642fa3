import argon2 from 'argon2';
import { DomainError } from '../common/errors.js';

/** OWASP's argon2id parameters: 19 MiB of memory, 2 iterations, 1 degree of parallelism. */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Throws BAD_USER_INPUT naming `field` when the password does not meet the policy. */
export function assertPasswordPolicy(password: string, field = 'password'): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw DomainError.badInput(field, `must have at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw DomainError.badInput(field, `must have at most ${PASSWORD_MAX_LENGTH} characters`);
  }
  if (password.trim().length === 0) throw DomainError.badInput(field, 'must not be only white space');
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
