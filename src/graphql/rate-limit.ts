import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import { bearerToken, type ViewerOfToken } from '../viewer/access-token.js';
import type { Viewer } from '../viewer/viewer.js';
import type { AppConfig } from '../config/config.js';
import { DomainError } from '../common/errors.js';
import type { RedisConnections } from '../redis/redis-connections.js';

type Counted = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Counted) => void;
interface CounterStore {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  read(key: string, callback: Callback, timeWindow: number, max: number): void;
  child(routeOptions: object): CounterStore;
}
type StoreParams = { continueExceeding: boolean; exponentialBackoff: boolean };

// The plugin's own stores, so counting is the same with and without Redis; they ship without types.
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  key: string,
) => CounterStore;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
) => CounterStore;

/**
 * Counts in Redis while it answers and in this instance's memory while it does not, so an outage of
 * Redis costs the shared budget (each instance then enforces the limit on its own), never a request.
 */
function fallbackStore(redis: Redis, connections: RedisConnections, nameSpace: string) {
  return class FallbackStore implements CounterStore {
    private readonly shared: CounterStore;
    private readonly local: CounterStore;

    /** `params`: the plugin's options (continueExceeding, exponentialBackoff), or a parent's two stores. */
    constructor(params: object, stores?: { shared: CounterStore; local: CounterStore }) {
      const { continueExceeding, exponentialBackoff } = params as StoreParams;
      this.shared = stores?.shared ?? new RedisStore(continueExceeding, exponentialBackoff, redis, nameSpace);
      this.local = stores?.local ?? new LocalStore(continueExceeding, exponentialBackoff);
    }

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.count('incr', key, callback, timeWindow, max);
    }

    read(key: string, callback: Callback, timeWindow: number, max: number): void {
      this.count('read', key, callback, timeWindow, max);
    }

    child(routeOptions: object): CounterStore {
      return new FallbackStore(routeOptions, {
        shared: this.shared.child(routeOptions),
        local: this.local.child(routeOptions),
      });
    }

    private count(method: 'incr' | 'read', key: string, callback: Callback, timeWindow: number, max: number) {
      const locally = () => {
        connections.fellBack('rate-limit');
        this.local[method](key, callback, timeWindow, max);
      };
      if (redis.status !== 'ready') return locally();
      this.shared[method](
        key,
        (error, result) => (error ? locally() : callback(null, result)),
        timeWindow,
        max,
      );
    }
  };
}

/**
 * Requests per minute on /graphql for each signed-in user (by the verified token's subject) or, without
 * a valid token, for each IP address. Counters are shared through Redis when REDIS_URL is set, so
 * every instance enforces one budget; while Redis is unreachable each instance counts on its own.
 * Over the budget: HTTP 429 with RATE_LIMITED.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  config: AppConfig,
  viewerOfToken: ViewerOfToken,
  connections: RedisConnections,
  path = '/graphql',
): Promise<void> {
  const redis = connections.command('rate-limit');
  const keyOf = async (request: FastifyRequest) => {
    const viewer = await viewerOfToken(bearerToken(request.headers.authorization));
    // The auth guard takes this checked viewer instead of checking the same token again.
    if (viewer) (request as FastifyRequest & { viewer?: Viewer }).viewer = viewer;
    return viewer ? `user:${viewer.id}` : `ip:${request.ip}`;
  };
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    ...(redis ? { store: fallbackStore(redis, connections, `${config.redisKeyPrefix}rate:`) } : {}),
    allowList: (request) => request.routeOptions.url !== path,
    keyGenerator: keyOf,
    // Thrown into the GraphQL server's error path, which answers it like every other refusal.
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new DomainError('RATE_LIMITED', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
        { statusCode: 429 },
      ),
  });
}
