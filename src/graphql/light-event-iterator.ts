import events, { type EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { type DocumentNode, getOperationAST, parse } from 'graphql';
import { messageText, sharedSubscribe } from './shared-subscription-events.js';

/**
 * `events.on(emitter, name)` as an async iterator of each event's arguments, without Node 20's two
 * fixed queues of 2,048 slots (32 kB) per iterator. Mercurius reads every WebSocket's messages with
 * `for await (… of on(socket, 'message'))`, so each live subscriber paid 32 kB for queues that hold a
 * message or two. Same semantics for that use: events not yet asked for are queued, an 'error' event
 * rejects the pending or next call and ends the iteration, `return()` removes the listeners.
 */
export function lightOn(emitter: EventEmitter, name: string | symbol): AsyncIterableIterator<unknown[]> {
  const queued: unknown[][] = [];
  const waiting: { resolve: (result: IteratorResult<unknown[]>) => void; reject: (e: unknown) => void }[] =
    [];
  let failure: { error: unknown } | undefined;
  let finished = false;

  const onEvent = (...args: unknown[]) => {
    const next = waiting.shift();
    if (next) next.resolve({ value: args, done: false });
    else queued.push(args);
  };
  const onError = (error: unknown) => {
    stop();
    const next = waiting.shift();
    if (next) next.reject(error);
    else failure = { error };
  };
  const stop = () => {
    finished = true;
    emitter.removeListener(name, onEvent);
    emitter.removeListener('error', onError);
  };
  const endWaiting = () => {
    for (const next of waiting.splice(0)) next.resolve({ value: undefined, done: true });
  };

  emitter.on(name, onEvent);
  if (name !== 'error') emitter.on('error', onError);

  const iterator: AsyncIterableIterator<unknown[]> = {
    next() {
      const value = queued.shift();
      if (value) return Promise.resolve({ value, done: false });
      if (failure) {
        const { error } = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      if (finished) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      stop();
      queued.length = 0;
      endWaiting();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error: unknown) {
      stop();
      endWaiting();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * Loads Mercurius's WebSocket connection module with `lightOn` in place of `events.on`, then puts
 * Node's back: the module keeps the function it found when it loaded, and nothing else changes. Must
 * run before anything else loads Mercurius (bootstrap.ts imports this module first).
 */
export function loadMercuriusWithLightIterators(): void {
  const original = events.on;
  const options = (...args: unknown[]) => args.length > 2 && args[2] !== undefined;
  events.on = ((emitter: EventEmitter, name: string | symbol, ...rest: unknown[]) =>
    options(emitter, name, ...rest)
      ? original(emitter, name, ...(rest as [])) // options (signal, close …): Node's own
      : lightOn(emitter, name)) as typeof events.on;
  // Its `subscribe` too, for one execution of an event per audience (shared-subscription-events.ts).
  const require = createRequire(
    createRequire(import.meta.url).resolve('mercurius/lib/subscription-connection.js'),
  );
  const graphqlModule =
    require.cache[require.resolve('graphql')] ??
    (require('graphql'), require.cache[require.resolve('graphql')]);
  const graphqlExports = graphqlModule?.exports as object;
  if (graphqlModule) graphqlModule.exports = { ...graphqlExports, subscribe: sharedSubscribe };
  let connection: SubscriptionConnectionClass;
  try {
    connection = require('./subscription-connection.js');
  } finally {
    events.on = original;
    if (graphqlModule) graphqlModule.exports = graphqlExports;
  }
  shareSubscriptionDocuments(connection);
  sendSharedText(connection);
}

interface StartMessage {
  payload?: { query?: unknown; operationName?: string | null };
}
interface SubscriptionConnection {
  socket: { send(text: string, done: (error?: Error) => void): void };
  handleConnectionClose(): void;
}
type SubscriptionConnectionClass = {
  prototype: {
    handleGQLStart(data: StartMessage): Promise<unknown>;
    sendMessage(this: SubscriptionConnection, type: string, id?: unknown, payload?: unknown): Promise<void>;
  };
};

const MAX_SHARED_DOCUMENTS = 1000;
const sharedDocuments = new Map<string, DocumentNode>();

/**
 * The parsed document of a subscription's text, one per distinct text. Mercurius parses the text of
 * every subscription it starts, and each live subscription kept its own syntax tree with its tokens
 * (about 6 kB a socket, for the same few texts); graphql-js never changes a document it executes.
 * Undefined when the text does not parse, or is not a subscription, so Mercurius answers as before.
 */
export function sharedSubscriptionDocument(
  query: string,
  operationName?: string | null,
): DocumentNode | undefined {
  let document = sharedDocuments.get(query);
  if (!document) {
    try {
      document = parse(query);
    } catch {
      return undefined;
    }
    if (getOperationAST(document, operationName)?.operation !== 'subscription') return undefined;
    if (sharedDocuments.size < MAX_SHARED_DOCUMENTS) sharedDocuments.set(query, document);
  }
  return getOperationAST(document, operationName)?.operation === 'subscription' ? document : undefined;
}

/** Starts each subscription from the shared document of its text (`sharedSubscriptionDocument`). */
function shareSubscriptionDocuments(connection: SubscriptionConnectionClass): void {
  const start = connection.prototype.handleGQLStart;
  connection.prototype.handleGQLStart = function (this: unknown, data: StartMessage) {
    const query = data?.payload?.query;
    const document =
      typeof query === 'string' ? sharedSubscriptionDocument(query, data.payload?.operationName) : undefined;
    return start.call(this, document ? { ...data, payload: { ...data.payload, query: document } } : data);
  };
}

/** Mercurius's `sendMessage`, with the JSON of a shared result made once (`messageText`). */
function sendSharedText(connection: SubscriptionConnectionClass): void {
  connection.prototype.sendMessage = async function (type, id, payload) {
    try {
      await new Promise<void>((resolve, reject) => {
        this.socket.send(messageText(type, id, payload), (error) => (error ? reject(error) : resolve()));
      });
    } catch {
      this.handleConnectionClose();
    }
  };
}

loadMercuriusWithLightIterators();
