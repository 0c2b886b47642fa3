import { createServer } from 'node:net';
import { Redis } from 'ioredis';
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

describe(RevokedFamilies.name, () => {
  const family = () => crypto.randomUUID();

  it('refuses a revoked family until the longest access token has expired, and nothing else', async () => {
    const store = new RevokedFamilies({ keyPrefix, ttlSeconds: 3600 });
    const revoked = family();
    await store.revoke(revoked);
    const longAgo = family();
    await store.revoke(longAgo, new Date(Date.now() - 3601 * 1000));
    expect(await store.isRevoked(revoked)).toBe(true);
    expect(await store.isRevoked(longAgo)).toBe(false);
    expect(await store.isRevoked(family())).toBe(false);
  });

  it('keeps answering from memory when Redis cannot be reached', async () => {
    const store = new RevokedFamilies({
      redisUrl: `redis://127.0.0.1:${await closedPort()}`,
      keyPrefix,
      ttlSeconds: 3600,
    });
    try {
      const revoked = family();
      await store.revoke(revoked);
      expect(await store.isRevoked(revoked)).toBe(true);
      expect(await store.isRevoked(family())).toBe(false);
    } finally {
      store.onApplicationShutdown();
    }
  });

  it('shares revocations between instances through Redis', async () => {
    if (!(await redisReachable())) {
      console.error(`Redis at ${redisUrl} is not reachable; the sharing test did not run`);
      return;
    }
    const a = new RevokedFamilies({ redisUrl, keyPrefix, ttlSeconds: 60 });
    const b = new RevokedFamilies({ redisUrl, keyPrefix, ttlSeconds: 60 });
    try {
      const revoked = family();
      await a.revoke(revoked);
      expect(await b.isRevoked(revoked)).toBe(true);
      expect(await b.isRevoked(family())).toBe(false);
    } finally {
      a.onApplicationShutdown();
      b.onApplicationShutdown();
    }
  });
});
