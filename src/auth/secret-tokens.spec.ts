import {
  formatSecretToken,
  hashTokenSecret,
  newTokenSecret,
  parseSecretToken,
  secretMatches,
} from './secret-tokens.js';

describe('refresh tokens', () => {
  const id = '3f2b8c1e-9a4d-4c7b-8e21-5d6f7a8b9c0d';

  it('round-trips id and secret, and stores only a hash of the secret', () => {
    const secret = newTokenSecret();
    const token = formatSecretToken(id, secret);
    expect(parseSecretToken(token)).toEqual({ id, secret });
    const stored = hashTokenSecret(secret);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(secret);
    expect(secretMatches(stored, secret)).toBe(true);
    expect(secretMatches(stored, newTokenSecret())).toBe(false);
  });

  it('gives a new secret every time', () => {
    const secrets = new Set(Array.from({ length: 100 }, newTokenSecret));
    expect(secrets.size).toBe(100);
  });

  it.each([
    '',
    'nodot',
    `${id}.`,
    `not-a-uuid.${'a'.repeat(43)}`,
    `${id}.short`,
    `${id}.${'a'.repeat(43)}!`,
    'x'.repeat(500),
  ])('refuses the malformed token %j', (token) => {
    expect(parseSecretToken(token)).toBeNull();
  });
});
