import { AuthService } from './auth.service.js';
import { viewerFromClaims } from '../viewer/access-token.js';

describe('signInEnded', () => {
  const claims = { sub: 'u1', roles: [], org: null, fam: 'f1' };
  // Only the revocation list is used here; a sign-in that is not revoked.
  const service = Object.create(AuthService.prototype) as AuthService;
  Object.assign(service, { revoked: { isRevoked: () => Promise.resolve(false) } });

  it('ends a sign-in whose access token has expired since it was checked (an open subscription)', async () => {
    const expired = viewerFromClaims({ ...claims, exp: Math.floor(Date.now() / 1000) - 1 });
    const live = viewerFromClaims({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 });
    expect(expired?.expiresAt).toBeLessThan(Date.now());
    expect(await service.signInEnded(expired!)).toBe(true);
    expect(await service.signInEnded(live!)).toBe(false);
  });
});
