import rateLimit from '@fastify/rate-limit';
import type { JwtService } from '@nestjs/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { verifyAccessToken } from '../auth/access-token.js';
import type { Viewer } from '../auth/viewer.js';
import type { AppConfig } from '../config/config.js';
import { DomainError } from '../common/errors.js';

/**
 * Requests per minute on /graphql for each signed-in user (by the verified token's subject) or, without
 * a valid token, for each IP address. Counters are shared through Redis when REDIS_URL is set, so
 * every instance enforces one budget. Over the budget: HTTP 429 with RATE_LIMITED.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  config: AppConfig,
  jwt: JwtService,
  path = '/graphql',
): Promise<{ close(): Promise<void> }> {
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 })
    : undefined;
  const keyOf = async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? header.replace(/^Bearer\s+/i, '') : '';
    const viewer = token ? await verifyAccessToken(jwt, config, token) : null;
    // The auth guard takes this verified viewer instead of verifying the same token again.
    if (viewer) (request as FastifyRequest & { viewer?: Viewer }).viewer = viewer;
    return viewer ? `user:${viewer.id}` : `ip:${request.ip}`;
  };
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    redis,
    nameSpace: `${config.redisKeyPrefix}rate:`,
    allowList: (request) => request.routeOptions.url !== path,
    keyGenerator: keyOf,
    // Thrown into the GraphQL server's error path, which answers it like every other refusal.
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new DomainError('RATE_LIMITED', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
        { statusCode: 429 },
      ),
  });
  return { close: async () => void (await redis?.quit()) };
}
