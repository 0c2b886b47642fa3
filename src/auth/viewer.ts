import type { Role } from '../common/enums.js';

/** The signed-in user as the access token describes them. */
export interface Viewer {
  id: string;
  roles: Role[];
  organizationId: string | null;
}

/** Claims of an access token besides iss, aud, iat, exp. */
export interface AccessTokenClaims {
  sub: string;
  roles: Role[];
  org: string | null;
}
