import { z } from 'zod';

/** Typed configuration read once from the environment; a bad variable stops the service with a clear message. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  jwtSecret: string | undefined;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  /** On SIGTERM, how long requests in progress may take to finish before they are cut. */
  shutdownGraceSeconds: number;
  /** How often the audit sequencer looks for events to seal besides those this instance wrote. */
  auditSealIntervalMs: number;
  /**
   * Where mail goes: an `smtp://` or `smtps://` server, or a `file://` directory of .eml files;
   * undefined outside production: .eml files under DATA_DIR/outbox.
   */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Attempts of a mail after the first before it is given up (dead letter). */
  mailRetryLimit: number;
  /** Seconds before the first retry; doubled for each next one. */
  mailRetryDelaySeconds: number;
  /** How long one attempt may take before the queue counts it failed (and another instance retries). */
  mailSendTimeoutSeconds: number;
  /** When the daily digest is mailed (cron, UTC). */
  mailDigestCron: string;
  /** How often each instance asks the job queue for work, and how often the queue's upkeep runs. */
  jobPollSeconds: number;
  jobMaintenanceSeconds: number;
  /** When reminders, expiries and offer closings are looked for (cron, UTC). */
  remindersCron: string;
  /** Days a PROPOSED match waits before its pending party is reminded, and before it expires. */
  matchReminderDays: number;
  matchExpiryDays: number;
  /** Days a request waits SUBMITTED or UNDER_REVIEW before the coordinators are reminded. */
  requestReminderDays: number;
  /** Days an OPEN request without a match waits before the weekly digest lists it. */
  staleRequestDays: number;
  /** When the coordinators' weekly digest is mailed (cron, UTC). */
  weeklyDigestCron: string;
  /** Whether a browser's GET /graphql gets the GraphiQL explorer (outside production by default). */
  graphiql: boolean;
}

/** The longest an access token may live: revocations are remembered at least this long. */
export const ACCESS_TOKEN_TTL_MAX_SECONDS = 3600;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const intInRange = (min: number, max: number, fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
const cron = (fallback: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\S+( \S+){4}$/, 'must be a cron expression of five fields, e.g. "0 6 * * *"')
      .default(fallback),
  );

const schema = z
  .object({
    NODE_ENV: z.preprocess(
      emptyToUndefined,
      z.enum(['development', 'production', 'test']).default('development'),
    ),
    PORT: intInRange(0, 65535, 3000),
    HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
    ADMIN_EMAIL: z.preprocess(emptyToUndefined, z.email('must be an e-mail address').optional()),
    ADMIN_PASSWORD: z.preprocess(
      emptyToUndefined,
      z.string().min(12, 'must have at least 12 characters').optional(),
    ),
    JWT_SECRET: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((s) => Buffer.byteLength(s, 'utf8') >= 32, 'must be at least 32 bytes')
        .optional(),
    ),
    JWT_ISSUER: z.preprocess(emptyToUndefined, z.string().default('ci-assistance')),
    JWT_AUDIENCE: z.preprocess(emptyToUndefined, z.string().default('ci-assistance-api')),
    ACCESS_TOKEN_TTL_SECONDS: intInRange(60, ACCESS_TOKEN_TTL_MAX_SECONDS, 900),
    REFRESH_TOKEN_TTL_SECONDS: intInRange(300, 90 * 24 * 3600, 14 * 24 * 3600),
    REDIS_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
        .optional(),
    ),
    REDIS_KEY_PREFIX: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'must be 1..64 letters, digits, ":", "_" or "-"')
        .default('cia:'),
    ),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    BODY_LIMIT_BYTES: intInRange(1024, 50 * 1024 * 1024, 1024 * 1024),
    RATE_LIMIT_PER_MINUTE: intInRange(1, 1_000_000, 1200),
    SHUTDOWN_GRACE_SECONDS: intInRange(0, 3600, 10),
    AUDIT_SEAL_INTERVAL_MS: intInRange(10, 600_000, 250),
    SMTP_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^(smtps?:\/\/|file:\/\/\/)/, 'must be an smtp://, smtps:// or file:/// URL')
        .optional(),
    ),
    MAIL_FROM: z.preprocess(
      emptyToUndefined,
      z.string().default('CI Assistance <no-reply@ci-assistance.invalid>'),
    ),
    MAIL_RETRY_LIMIT: intInRange(0, 50, 6),
    MAIL_RETRY_DELAY_SECONDS: intInRange(1, 86_400, 30),
    MAIL_SEND_TIMEOUT_SECONDS: intInRange(1, 3600, 60),
    MAIL_DIGEST_CRON: cron('0 6 * * *'),
    JOB_POLL_SECONDS: intInRange(1, 600, 2),
    JOB_MAINTENANCE_SECONDS: intInRange(1, 3600, 60),
    REMINDERS_CRON: cron('0 * * * *'),
    MATCH_REMINDER_DAYS: intInRange(1, 365, 7),
    MATCH_EXPIRY_DAYS: intInRange(1, 365, 30),
    REQUEST_REMINDER_DAYS: intInRange(1, 365, 10),
    STALE_REQUEST_DAYS: intInRange(1, 3650, 90),
    WEEKLY_DIGEST_CRON: cron('0 6 * * 1'),
    GRAPHIQL: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).optional()),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when NODE_ENV=production' });
    }
    if (env.NODE_ENV === 'production' && !env.SMTP_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message:
          'is required when NODE_ENV=production (smtp://user:password@host:587, or file:///dir for .eml files)',
      });
    }
    if (env.MATCH_REMINDER_DAYS >= env.MATCH_EXPIRY_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['MATCH_REMINDER_DAYS'],
        message: `must be less than MATCH_EXPIRY_DAYS (${env.MATCH_EXPIRY_DAYS}): the reminder comes before the expiry`,
      });
    }
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
      });
    }
  });

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    adminEmail: e.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: e.ADMIN_PASSWORD,
    jwtSecret: e.JWT_SECRET,
    jwtIssuer: e.JWT_ISSUER,
    jwtAudience: e.JWT_AUDIENCE,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    auditSealIntervalMs: e.AUDIT_SEAL_INTERVAL_MS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailRetryLimit: e.MAIL_RETRY_LIMIT,
    mailRetryDelaySeconds: e.MAIL_RETRY_DELAY_SECONDS,
    mailSendTimeoutSeconds: e.MAIL_SEND_TIMEOUT_SECONDS,
    mailDigestCron: e.MAIL_DIGEST_CRON,
    jobPollSeconds: e.JOB_POLL_SECONDS,
    jobMaintenanceSeconds: e.JOB_MAINTENANCE_SECONDS,
    remindersCron: e.REMINDERS_CRON,
    matchReminderDays: e.MATCH_REMINDER_DAYS,
    matchExpiryDays: e.MATCH_EXPIRY_DAYS,
    requestReminderDays: e.REQUEST_REMINDER_DAYS,
    staleRequestDays: e.STALE_REQUEST_DAYS,
    weeklyDigestCron: e.WEEKLY_DIGEST_CRON,
    graphiql: e.GRAPHIQL ? e.GRAPHIQL === 'true' : e.NODE_ENV !== 'production',
  };
}

/** Injection token for the configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
