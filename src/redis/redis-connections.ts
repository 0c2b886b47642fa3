import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/** Delay before reconnection attempt `attempt` (1, 2, …): 100 ms doubling, at most 2 s, never giving up. */
export function reconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.max(0, attempt - 1), 2_000);
}

export type RedisState = 'up' | 'down' | 'not configured';

/**
 * Every Redis client of the service, opened from REDIS_URL with the same fault handling: errors are
 * handled (an outage is logged once, not per reconnection attempt), clients reconnect by themselves
 * with bounded backoff, and `state()` tells callers, health and metrics whether Redis answers. Redis
 * only carries what can degrade to one instance (shared rate-limit counters, the subscription
 * fan-out): callers fall back to their per-instance behaviour and count it with `fellBack`.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly clients = new Map<string, Redis>();
  private readonly fallbacks = new Map<string, number>();
  private outageSince: number | undefined;
  private closing = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.redisUrl !== undefined;
  }

  /**
   * A client for commands. While Redis is unreachable its commands fail at once (no offline queue,
   * no retry of a command), so the caller falls back without waiting. Undefined without REDIS_URL.
   */
  command(name: string): Redis | undefined {
    return this.open(name, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  }

  /**
   * A client for SUBSCRIBE: subscriptions made while Redis is away wait for it, and every
   * subscription is renewed on each reconnection. Undefined without REDIS_URL.
   */
  subscriber(name: string): Redis | undefined {
    return this.open(name, { enableOfflineQueue: true, maxRetriesPerRequest: null, autoResubscribe: true });
  }

  /** Whether the named client (or, without a name, every client) is connected and ready now. */
  isUp(name?: string): boolean {
    if (name !== undefined) return this.clients.get(name)?.status === 'ready';
    if (this.clients.size === 0) return false;
    return [...this.clients.values()].every((client) => client.status === 'ready');
  }

  state(): RedisState {
    if (!this.configured) return 'not configured';
    return this.isUp() ? 'up' : 'down';
  }

  /** Counts one operation served without Redis (`purpose`: what fell back to the instance). */
  fellBack(purpose: string): void {
    this.fallbacks.set(purpose, (this.fallbacks.get(purpose) ?? 0) + 1);
  }

  fallbackCounts(): ReadonlyMap<string, number> {
    return this.fallbacks;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [...this.clients.values()].map(async (client) => {
        // QUIT needs a live connection; without one, just stop reconnecting.
        if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
        else client.disconnect();
      }),
    );
    this.clients.clear();
  }

  private open(name: string, options: RedisOptions): Redis | undefined {
    const url = this.config.redisUrl;
    if (!url) return undefined;
    const existing = this.clients.get(name);
    if (existing) return existing;
    const client = new Redis(url, {
      ...options,
      connectionName: `${this.config.redisKeyPrefix}${name}`,
      connectTimeout: 2_000,
      retryStrategy: reconnectDelay,
      // A reconnection must not stall on a server that accepts but does not answer.
      enableReadyCheck: true,
    });
    this.clients.set(name, client);
    client.on('error', (error: NodeJS.ErrnoException) => this.lost(error));
    client.on('close', () => {
      if (!this.closing && this.outageSince === undefined && this.clients.has(name)) {
        this.lost(Object.assign(new Error('connection closed'), { code: 'ECONNRESET' }));
      }
    });
    client.on('ready', () => this.maybeBack());
    return client;
  }

  private lost(error: NodeJS.ErrnoException): void {
    if (this.closing || this.outageSince !== undefined) return;
    this.outageSince = Date.now();
    this.logger.warn(
      `Redis at ${this.where()} is unreachable (${error.code ?? error.message}); rate limits count per ` +
        'instance and notifications reach only subscribers on this instance until it returns; reconnecting',
    );
  }

  private maybeBack(): void {
    if (this.outageSince === undefined || !this.isUp()) return;
    const seconds = ((Date.now() - this.outageSince) / 1000).toFixed(1);
    this.outageSince = undefined;
    this.logger.log(`Redis at ${this.where()} is reachable again after ${seconds} s`);
  }

  /** Host and port only: the URL may carry a password. */
  private where(): string {
    try {
      const url = new URL(this.config.redisUrl ?? '');
      return url.host;
    } catch {
      return 'REDIS_URL';
    }
  }
}
