import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

export interface RevokedFamiliesOptions {
  /** Shares revocations with every instance when set. */
  redisUrl?: string;
  keyPrefix: string;
  /** How long a revocation is remembered: the longest an access token of the family may live. */
  ttlSeconds: number;
}

/**
 * Sign-in families (refresh-token families) whose access tokens are refused before they expire:
 * after a logout, a reused refresh token, and later a deactivated user. Kept in memory, and in Redis
 * when configured so every instance refuses them. Redis failing costs only the sharing: every check
 * and revocation still answers from memory, and the client reconnects by itself.
 */
export class RevokedFamilies {
  private readonly logger = new Logger(RevokedFamilies.name);
  /** Family id -> when its revocation may be forgotten (ms since the epoch). */
  private readonly local = new Map<string, number>();
  private readonly redis: Redis | undefined;
  private redisFailing = false;

  constructor(private readonly options: RevokedFamiliesOptions) {
    if (!options.redisUrl) return;
    this.redis = new Redis(options.redisUrl, {
      // Commands wait for a connection at most this long; during a known outage none are sent.
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
    });
    this.redis.on('error', (error: Error) => this.redisFailed(error));
    this.redis.on('ready', () => {
      if (this.redisFailing) this.logger.log('Redis is back; revoked sign-ins are shared again');
      this.redisFailing = false;
    });
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
    } catch (error) {
      this.redisFailed(error as Error);
    }
  }

  async isRevoked(familyId: string): Promise<boolean> {
    const until = this.local.get(familyId);
    if (until !== undefined) {
      if (until > Date.now()) return true;
      this.local.delete(familyId);
    }
    if (!this.redis || this.redisFailing) return false;
    try {
      const ttl = await this.redis.pttl(this.key(familyId));
      // Remembered here too, so the next check of this family needs no round trip.
      if (ttl > 0) this.local.set(familyId, Date.now() + ttl);
      return ttl > 0 || ttl === -1;
    } catch (error) {
      this.redisFailed(error as Error);
      return false;
    }
  }

  /** Forgets revocations whose access tokens have all expired. */
  private prune(now = Date.now()): void {
    for (const [familyId, until] of this.local) if (until <= now) this.local.delete(familyId);
  }

  /** Called by Nest when the application closes. */
  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }

  private key(familyId: string): string {
    return `${this.options.keyPrefix}revoked-family:${familyId}`;
  }

  /** Logged once per outage, not once per request. */
  private redisFailed(error: Error): void {
    if (this.redisFailing) return;
    this.redisFailing = true;
    this.logger.warn({
      msg: 'Redis unavailable: revoked sign-ins are checked in this instance only',
      err: error.message,
    });
  }
}
