import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import mqemitterRedis from 'mqemitter-redis';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

type Emitter = ReturnType<typeof mqemitterRedis>;

/**
 * With REDIS_URL, subscriptions fan out through Redis (mqemitter-redis, the emitter Mercurius is
 * built for), so a notification published on one instance reaches subscribers on every instance.
 * Without it, the GraphQL server keeps its in-process emitter.
 */
@Injectable()
export class SubscriptionEmitter implements OnApplicationShutdown {
  readonly emitter: Emitter | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.emitter = config.redisUrl ? mqemitterRedis({ connectionString: config.redisUrl }) : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    const emitter = this.emitter;
    if (emitter) await new Promise<void>((resolve) => emitter.close(() => resolve()));
  }
}
