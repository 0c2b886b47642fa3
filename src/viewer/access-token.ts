import { Role } from '../common/enums.js';
import type { AccessTokenClaims, Viewer } from './viewer.js';

const ROLES = new Set<string>(Object.values(Role));

/** The viewer an access token's verified claims describe, or null when they are not ours. */
export function viewerFromClaims(claims: Partial<AccessTokenClaims> & { exp?: number }): Viewer | null {
  if (typeof claims.sub !== 'string' || typeof claims.fam !== 'string' || !Array.isArray(claims.roles))
    return null;
  if (!claims.roles.every((role) => ROLES.has(role))) return null;
  return {
    id: claims.sub,
    roles: claims.roles,
    organizationId: claims.org ?? null,
    familyId: claims.fam,
    ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp * 1000 } : {}),
  };
}

/** The token of an `Authorization: Bearer <token>` value (HTTP header or connection_init payload). */
export function bearerToken(header: unknown): string {
  return typeof header === 'string' ? header.replace(/^Bearer\s+/i, '') : '';
}

/** Checks a bearer token fully: the viewer of a valid token whose sign-in has not ended, else null. */
export type ViewerOfToken = (token: string) => Promise<Viewer | null>;
