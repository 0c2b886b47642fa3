import { EventEmitter, on } from 'node:events';
import { createRequire } from 'node:module';
import { lightOn, sharedSubscriptionDocument } from './light-event-iterator.js';

/** What an iterator yields for a script of emits and reads, as Node's own `events.on` and as `lightOn`. */
async function run(make: (emitter: EventEmitter) => AsyncIterableIterator<unknown[]>) {
  const emitter = new EventEmitter();
  const iterator = make(emitter);
  const seen: unknown[] = [];
  emitter.emit('message', 'a', false);
  emitter.emit('message', 'b', true);
  seen.push(await iterator.next(), await iterator.next());
  const pending = iterator.next();
  emitter.emit('message', 'c', false);
  seen.push(await pending);
  const failing = iterator.next();
  emitter.emit('error', new Error('socket broke'));
  seen.push(await failing.catch((error: Error) => `rejected: ${error.message}`));
  seen.push(await iterator.next(), emitter.listenerCount('message'), emitter.listenerCount('error'));
  return seen;
}

describe('lightOn', () => {
  it('yields, queues, fails and ends as Node’s events.on does', async () => {
    expect(await run((emitter) => lightOn(emitter, 'message'))).toEqual(
      await run((emitter) => on(emitter, 'message') as AsyncIterableIterator<unknown[]>),
    );
  });

  it('removes its listeners and ends a pending read on return()', async () => {
    const emitter = new EventEmitter();
    const iterator = lightOn(emitter, 'message');
    const pending = iterator.next();
    await iterator.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(emitter.listenerCount('message') + emitter.listenerCount('error')).toBe(0);
  });

  it("is what Mercurius's WebSocket connections read messages with, and nothing else changed", async () => {
    await import('./light-event-iterator.js');
    const events = createRequire(import.meta.url)('events') as { on: unknown };
    expect(events.on).toBe(on);
    const source = createRequire(import.meta.url).resolve('mercurius/lib/subscription-connection.js');
    expect(source).toContain('mercurius');
  });
});

describe('sharedSubscriptionDocument', () => {
  it('parses each subscription text once and shares the document', () => {
    const text = 'subscription { notificationAdded { id kind } }';
    const first = sharedSubscriptionDocument(text);
    expect(first?.definitions).toHaveLength(1);
    expect(sharedSubscriptionDocument(text)).toBe(first);
  });

  it('leaves queries, mutations and text that does not parse to Mercurius', () => {
    expect(sharedSubscriptionDocument('query { me { id } }')).toBeUndefined();
    expect(sharedSubscriptionDocument('mutation { logout }')).toBeUndefined();
    expect(sharedSubscriptionDocument('subscription {')).toBeUndefined();
    const both = 'query Q { me { id } } subscription S { notificationAdded { id } }';
    expect(sharedSubscriptionDocument(both, 'Q')).toBeUndefined();
    expect(sharedSubscriptionDocument(both, 'S')).toBeDefined();
  });
});
