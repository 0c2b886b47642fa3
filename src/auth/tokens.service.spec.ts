import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { Role } from '../common/enums.js';
import { TokensService } from './tokens.service.js';

const SECRET = 'tokens-spec-signing-key-of-32-bytes!!';

describe(TokensService.name, () => {
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: SECRET });
  const jwt = new JwtService({ secret: SECRET });
  const tokens = new TokensService(jwt, {} as DataSource, config);
  const sign = (claims: object, expiresIn: number) =>
    jwt.sign(claims, { expiresIn, issuer: config.jwtIssuer, audience: config.jwtAudience });
  const claims = { sub: 'user-1', roles: [Role.COORDINATOR], org: null, fam: 'family-1' };

  afterEach(() => jest.restoreAllMocks());

  it('verifies a token once and answers its later requests from memory, with the same viewer', async () => {
    const token = sign(claims, 60);
    const verify = jest.spyOn(jwt, 'verifyAsync');
    const first = await tokens.verifyAccess(token);
    const second = await tokens.verifyAccess(token);
    expect(first).toEqual({
      id: 'user-1',
      roles: [Role.COORDINATOR],
      organizationId: null,
      familyId: 'family-1',
      expiresAt: expect.any(Number),
    });
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('refuses a remembered token once it has expired', async () => {
    const token = sign({ ...claims, sub: 'user-2' }, 5);
    expect(await tokens.verifyAccess(token)).not.toBeNull();
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 6_000);
    expect(await tokens.verifyAccess(token)).toBeNull();
  });

  it('remembers no invalid token: a forged one is checked, and refused, every time', async () => {
    const forged = new JwtService({ secret: 'another-signing-key-of-32-bytes-long!' }).sign(claims, {
      expiresIn: 60,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
    });
    const verify = jest.spyOn(jwt, 'verifyAsync');
    expect(await tokens.verifyAccess(forged)).toBeNull();
    expect(await tokens.verifyAccess(forged)).toBeNull();
    expect(verify).toHaveBeenCalledTimes(2);
  });
});
