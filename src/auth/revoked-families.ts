import type { Redis } from 'ioredis';
import type { RedisConnections } from '../redis/redis-connections.js';

export interface RevokedFamiliesOptions {
  /** Redis connections of the service; revocations are shared with every instance when configured. */
  redis: RedisConnections;
  keyPrefix: string;
  /** How long a revocation is remembered: the longest an access token of the family may live. */
  ttlSeconds: number;
}

/**
 * Sign-in families (refresh-token families) whose access tokens are refused before they expire:
 * after a logout, a reused refresh token, and later a deactivated user. Kept in memory, and in Redis
 * when configured so every instance refuses them. Redis failing costs only the sharing: every check
 * and revocation still answers from memory (counted as a fallback), and the client reconnects by
 * itself (RedisConnections handles its errors and logs the outage).
 */
export class RevokedFamilies {
  /** Family id -> when its revocation may be forgotten (ms since the epoch). */
  private readonly local = new Map<string, number>();
  private readonly redis: Redis | undefined;

  constructor(private readonly options: RevokedFamiliesOptions) {
    this.redis = options.redis.command('revoked-families');
  }

  /** Refuses the family's access tokens from now on, until the longest of them has expired. */
  async revoke(familyId: string, revokedAt = new Date()): Promise<void> {
    const until = revokedAt.getTime() + this.options.ttlSeconds * 1000;
    if (until <= Date.now()) return;
    this.prune();
    this.local.set(familyId, Math.max(until, this.local.get(familyId) ?? 0));
    if (!this.redis) return;
    try {
      await this.redis.set(this.key(familyId), '1', 'PXAT', until);
    } catch {
      this.options.redis.fellBack('revoked-families');
    }
  }

  async isRevoked(familyId: string): Promise<boolean> {
    const until = this.local.get(familyId);
    if (until !== undefined) {
      if (until > Date.now()) return true;
      this.local.delete(familyId);
    }
    if (!this.redis) return false;
    try {
      const ttl = await this.redis.pttl(this.key(familyId));
      // Remembered here too, so the next check of this family needs no round trip.
      if (ttl > 0) this.local.set(familyId, Date.now() + ttl);
      return ttl > 0 || ttl === -1;
    } catch {
      this.options.redis.fellBack('revoked-families');
      return false;
    }
  }

  /** Forgets revocations whose access tokens have all expired. */
  private prune(now = Date.now()): void {
    for (const [familyId, until] of this.local) if (until <= now) this.local.delete(familyId);
  }

  private key(familyId: string): string {
    return `${this.options.keyPrefix}revoked-family:${familyId}`;
  }
}
