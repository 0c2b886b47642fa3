import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import mqemitterRedis from 'mqemitter-redis';
import { RedisConnections } from '../redis/redis-connections.js';

type Emitter = ReturnType<typeof mqemitterRedis>;
type Message = Parameters<Emitter['emit']>[0];
/** What mqemitter-redis keeps of MQEmitter's own methods: delivery to this instance's listeners. */
type LocalParts = {
  _emit(message: Message, done: (error?: Error) => void): void;
  _close(done: () => void): void;
  state: { on(event: 'error', listener: () => void): void };
  closing?: boolean;
};

const PUBLISHER = 'notifications-publish';
const SUBSCRIBER = 'notifications-subscribe';

/**
 * With REDIS_URL, subscriptions fan out through Redis (mqemitter-redis, the emitter Mercurius is
 * built for), so a notification published on one instance reaches subscribers on every instance.
 * While Redis is unreachable a notification reaches this instance's subscribers only (other
 * instances' subscribers miss it; it stays in `myNotifications`), and new subscriptions are taken at
 * once and joined to Redis when it returns. Without REDIS_URL, the GraphQL server keeps its
 * in-process emitter.
 */
@Injectable()
export class SubscriptionEmitter implements OnApplicationShutdown {
  readonly emitter: Emitter | undefined;

  constructor(connections: RedisConnections) {
    const subConn = connections.subscriber(SUBSCRIBER);
    const pubConn = connections.command(PUBLISHER);
    this.emitter =
      subConn && pubConn ? resilient(mqemitterRedis({ subConn, pubConn }), connections) : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    const emitter = this.emitter;
    if (emitter) await new Promise<void>((resolve) => emitter.close(() => resolve()));
  }
}

function resilient(emitter: Emitter, connections: RedisConnections): Emitter {
  const own = emitter as unknown as LocalParts;
  // Client errors are RedisConnections' to report (once per outage); unheard, they would end the process.
  own.state.on('error', () => undefined);
  const publish = emitter.emit.bind(emitter);
  const subscribe = emitter.on.bind(emitter);
  const connected = () => connections.isUp(PUBLISHER) && connections.isUp(SUBSCRIBER);

  emitter.emit = (message, done = () => undefined) => {
    const locally = () => {
      connections.fellBack('notifications');
      own._emit(message, () => done());
    };
    if (!connected()) return locally();
    // A publish refused by a connection that just dropped still reaches this instance's subscribers.
    publish(message, (error) => (error ? locally() : done()));
  };

  emitter.on = (topic, listener, done) => {
    if (connections.isUp(SUBSCRIBER)) return subscribe(topic, listener, done);
    subscribe(topic, listener); // the SUBSCRIBE waits in the client's queue for Redis to return
    if (done) setImmediate(done);
    return emitter;
  };

  // The Redis clients belong to RedisConnections, which closes them; close the local emitter only.
  emitter.close = (done) => {
    own.closing = true;
    own._close(done);
  };
  return emitter;
}
