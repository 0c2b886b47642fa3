import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      databaseUrl: undefined,
      dataDir: './data',
      logLevel: 'info',
      redisUrl: undefined,
      accessTokenTtlSeconds: 900,
    });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', JWT_SECRET: 'short' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'JWT_SECRET']) expect(message).toContain(name);
    }
  });

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: is required/);
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), SMTP_URL: 'smtp://mail:587' })
        .jwtSecret,
    ).toHaveLength(32);
  });

  it('caps access tokens at one hour', () => {
    expect(() => loadConfig({ ACCESS_TOKEN_TTL_SECONDS: '3601' })).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
  });

  it('requires the bootstrap admin e-mail and password together, with a strong password', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'admin@example.org' })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'short' })).toThrow(
      /at least 12/,
    );
    expect(
      loadConfig({ ADMIN_EMAIL: 'Admin@Example.org', ADMIN_PASSWORD: 'correct horse battery' }).adminEmail,
    ).toBe('admin@example.org');
  });

  it('gives in-progress requests 10 seconds to finish on shutdown unless told otherwise', () => {
    expect(loadConfig({}).shutdownGraceSeconds).toBe(10);
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: '0' }).shutdownGraceSeconds).toBe(0);
    expect(() => loadConfig({ SHUTDOWN_GRACE_SECONDS: '-1' })).toThrow(/SHUTDOWN_GRACE_SECONDS/);
  });

  it('needs somewhere to send mail in production, and only a mail URL', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig(production)).toThrow(/SMTP_URL: is required when NODE_ENV=production/);
    expect(loadConfig({ ...production, SMTP_URL: 'file:///var/spool/mail' }).smtpUrl).toBe(
      'file:///var/spool/mail',
    );
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL: must be an smtp:/);
    expect(loadConfig({}).smtpUrl).toBeUndefined();
  });

  it('serves the explorer outside production unless told, and in production only when told', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), SMTP_URL: 'smtp://mail:587' };
    expect(loadConfig({}).graphiql).toBe(true);
    expect(loadConfig({ GRAPHIQL: 'false' }).graphiql).toBe(false);
    expect(loadConfig(production).graphiql).toBe(false);
    expect(loadConfig({ ...production, GRAPHIQL: 'true' }).graphiql).toBe(true);
    expect(() => loadConfig({ GRAPHIQL: 'yes' })).toThrow(/GRAPHIQL/);
  });

  it("keeps a proposal's reminder before its expiry", () => {
    expect(loadConfig({}).matchReminderDays).toBe(7);
    expect(loadConfig({}).matchExpiryDays).toBe(30);
    expect(() => loadConfig({ MATCH_REMINDER_DAYS: '30' })).toThrow(/MATCH_REMINDER_DAYS: must be less than/);
    expect(() => loadConfig({ REMINDERS_CRON: 'hourly' })).toThrow(/REMINDERS_CRON: must be a cron/);
  });
});
