import { DomainError } from './errors.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A trimmed text of 1..max characters, or BAD_USER_INPUT naming the field. */
export function requiredText(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw DomainError.badInput(field, 'must not be empty');
  if ([...trimmed].length > max) throw DomainError.badInput(field, `must have at most ${max} characters`);
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed)) {
    throw DomainError.badInput(field, 'must not contain control characters');
  }
  return trimmed;
}

export function validEmail(value: string, field: string): string {
  const email = normalizeEmail(value);
  // eslint-disable-next-line no-control-regex -- an address holds no control character
  if (email.length > 254 || !EMAIL.test(email) || /[\u0000-\u001f\u007f]/.test(email))
    throw DomainError.badInput(field, 'must be an e-mail address');
  return email;
}

export function noDuplicates<T>(values: readonly T[], field: string): T[] {
  if (new Set(values).size !== values.length)
    throw DomainError.badInput(field, 'must not contain duplicates');
  return [...values];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
