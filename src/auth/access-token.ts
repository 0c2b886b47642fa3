import type { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../config/config.js';
import { Role } from '../common/enums.js';
import type { AccessTokenClaims, Viewer } from './viewer.js';

const ROLES = new Set<string>(Object.values(Role));

/** The viewer an access token's verified claims describe, or null when they are not ours. */
export function viewerFromClaims(claims: Partial<AccessTokenClaims>): Viewer | null {
  if (typeof claims.sub !== 'string' || typeof claims.fam !== 'string' || !Array.isArray(claims.roles))
    return null;
  if (!claims.roles.every((role) => ROLES.has(role))) return null;
  return { id: claims.sub, roles: claims.roles, organizationId: claims.org ?? null, familyId: claims.fam };
}

/** Verifies a bearer token outside HTTP (WebSocket connection_init): same algorithm, issuer and audience. */
export async function verifyAccessToken(
  jwt: JwtService,
  config: AppConfig,
  token: string,
): Promise<Viewer | null> {
  try {
    const claims = await jwt.verifyAsync<AccessTokenClaims>(token, {
      algorithms: ['HS256'],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
    });
    return viewerFromClaims(claims);
  } catch {
    return null;
  }
}
