import type { Role } from '../common/enums.js';

/** The signed-in user as the access token describes them. */
export interface Viewer {
  id: string;
  roles: Role[];
  organizationId: string | null;
  /** The sign-in (refresh-token family) the access token belongs to; absent outside a token (scripts). */
  familyId?: string;
  /** When the access token expires (ms since the epoch); absent outside a token. */
  expiresAt?: number;
}

/** Claims of an access token besides iss, aud, iat, exp. */
export interface AccessTokenClaims {
  sub: string;
  roles: Role[];
  org: string | null;
  /** The sign-in (refresh-token family), so revoking it ends its access tokens too. */
  fam: string;
}
