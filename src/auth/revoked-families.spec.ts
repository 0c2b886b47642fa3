import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/config.js';
import { RedisConnections } from '../redis/redis-connections.js';
import { RevokedFamilies } from './revoked-families.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = `wt-auth-spec-${process.pid}:`;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  const reachable = await probe.connect().then(
    () => true,
    () => false,
  );
  probe.disconnect();
  return reachable;
}

/** The service's Redis connections to `url` (none when undefined), as the auth module builds them. */
function connectionsTo(url: string | undefined): RedisConnections {
  return new RedisConnections({ redisUrl: url, redisKeyPrefix: keyPrefix } as AppConfig);
}

/** Resolves once the client of these connections is ready, so a test sees Redis as it answers. */
async function ready(connections: RedisConnections): Promise<void> {
  const client = connections.command('revoked-families');
  if (client && client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
}

describe(RevokedFamilies.name, () => {
  const family = () => crypto.randomUUID();

  it('refuses a revoked family until the longest access token has expired, and nothing else', async () => {
    const store = new RevokedFamilies({ redis: connectionsTo(undefined), keyPrefix, ttlSeconds: 3600 });
    const revoked = family();
    await store.revoke(revoked);
    const longAgo = family();
    await store.revoke(longAgo, new Date(Date.now() - 3601 * 1000));
    expect(await store.isRevoked(revoked)).toBe(true);
    expect(await store.isRevoked(longAgo)).toBe(false);
    expect(await store.isRevoked(family())).toBe(false);
  });

  it('keeps answering from memory when Redis cannot be reached', async () => {
    const redis = connectionsTo(`redis://127.0.0.1:${await closedPort()}`);
    const store = new RevokedFamilies({ redis, keyPrefix, ttlSeconds: 3600 });
    try {
      const revoked = family();
      await store.revoke(revoked);
      expect(await store.isRevoked(revoked)).toBe(true);
      expect(await store.isRevoked(family())).toBe(false);
      expect(redis.fallbackCounts().get('revoked-families')).toBeGreaterThanOrEqual(2);
    } finally {
      await redis.onApplicationShutdown();
    }
  });

  it('shares revocations between instances through Redis', async () => {
    if (!(await redisReachable())) {
      console.error(`Redis at ${redisUrl} is not reachable; the sharing test did not run`);
      return;
    }
    const [redisA, redisB] = [connectionsTo(redisUrl), connectionsTo(redisUrl)];
    const a = new RevokedFamilies({ redis: redisA, keyPrefix, ttlSeconds: 60 });
    const b = new RevokedFamilies({ redis: redisB, keyPrefix, ttlSeconds: 60 });
    await Promise.all([ready(redisA), ready(redisB)]);
    try {
      const revoked = family();
      await a.revoke(revoked);
      expect(await b.isRevoked(revoked)).toBe(true);
      expect(await b.isRevoked(family())).toBe(false);
    } finally {
      await redisA.onApplicationShutdown();
      await redisB.onApplicationShutdown();
    }
  });
});
