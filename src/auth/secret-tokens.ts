import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A one-time or rotating token as the client holds it (refresh tokens, invitations, password
 * resets): `<id>.<secret>`; only sha256(secret) is stored.
 */
export interface ParsedSecretToken {
  id: string;
  secret: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function formatSecretToken(id: string, secret: string): string {
  return `${id}.${secret}`;
}

export function parseSecretToken(token: string): ParsedSecretToken | null {
  const dot = token.indexOf('.');
  if (dot < 0 || token.length > 200) return null;
  const id = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (!UUID.test(id) || !/^[A-Za-z0-9_-]{20,100}$/.test(secret)) return null;
  return { id, secret };
}

export function secretMatches(storedHash: string, secret: string): boolean {
  const a = Buffer.from(storedHash, 'hex');
  const b = Buffer.from(hashTokenSecret(secret), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
