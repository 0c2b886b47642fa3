import { Injectable } from '@nestjs/common';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { RedisConnections } from '../redis/redis-connections.js';

/** The service's Prometheus metrics, in a registry of its own (no global state between app instances). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly graphqlRequests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests by operation (root fields) and HTTP status',
    labelNames: ['operation', 'status'] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation (root fields)',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly matchingRoundDuration = new Histogram({
    name: 'matching_round_duration_seconds',
    help: 'Duration of matching rounds, dry runs included',
    labelNames: ['dry_run'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });

  constructor(dataSource: DataSource, redis: RedisConnections) {
    collectDefaultMetrics({ register: this.registry });
    const pool = () => (dataSource.driver as unknown as { master?: PoolStats }).master;
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const stats = pool();
        this.set({ state: 'total' }, stats?.totalCount ?? 0);
        this.set({ state: 'idle' }, stats?.idleCount ?? 0);
        this.set({ state: 'waiting' }, stats?.waitingCount ?? 0);
      },
    });
    new Gauge({
      name: 'redis_up',
      help: 'Whether every Redis client is connected (1) or not (0); absent without REDIS_URL',
      registers: [this.registry],
      collect() {
        if (redis.configured) this.set(redis.isUp() ? 1 : 0);
      },
    });
    new Counter({
      name: 'redis_fallbacks_total',
      help: 'Operations served by this instance alone while Redis was unreachable, by purpose',
      labelNames: ['purpose'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [purpose, count] of redis.fallbackCounts()) this.inc({ purpose }, count);
      },
    });
  }
}

interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
