import { assertPasswordPolicy, hashPassword, verifyPassword } from './password.js';

describe('password policy', () => {
  it('refuses passwords under 12 characters with BAD_USER_INPUT naming the field', () => {
    expect(() => assertPasswordPolicy('elevenchars', 'input.password')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringContaining('input.password') }),
    );
  });

  it('counts characters, not bytes', () => {
    expect(() => assertPasswordPolicy('ééééééééééé')).toThrow(/at least 12/); // 11 characters, 22 bytes
    expect(() => assertPasswordPolicy('éééééééééééé')).not.toThrow();
  });

  it('refuses blank and oversized passwords', () => {
    expect(() => assertPasswordPolicy(' '.repeat(20))).toThrow(/white space/);
    expect(() => assertPasswordPolicy('x'.repeat(257))).toThrow(/at most 256/);
  });

  it('hashes with argon2id m=19 MiB, t=2, p=1 and verifies', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    await expect(verifyPassword(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'correct horse battery stapler')).resolves.toBe(false);
    await expect(verifyPassword('not a hash', 'whatever')).resolves.toBe(false);
  });
});
