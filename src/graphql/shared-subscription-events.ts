import {
  createSourceEventStream,
  type DocumentNode,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';

/**
 * One execution and one serialization of an event per audience, instead of one per socket.
 *
 * graphql-js's `subscribe` executes the subscription's selection on every event once per
 * subscription, and Mercurius serializes each result once per socket: a notification to the 250
 * sockets of one user was executed and turned into JSON 250 times, for the same text. Here the
 * events of subscriptions that would resolve alike share one execution: same event object (the
 * emitter hands one object to every listener), same parsed document (see
 * `sharedSubscriptionDocument`), same variables and operation, and the same sign-in (user, roles,
 * organization and sign-in family: the only part of a context our subscription resolvers read, so
 * a revoked sign-in still gets its own UNAUTHENTICATED). Their sockets then send one string.
 *
 * A subscription resolver must therefore depend on nothing of its context but `viewer`.
 */

interface SharingViewer {
  id?: unknown;
  roles?: unknown;
  organizationId?: unknown;
  familyId?: unknown;
}

/** Results made here: the only payloads whose JSON is kept for the next socket. */
const sharedResults = new WeakSet<object>();
const serialized = new WeakMap<object, string>();
const executions = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

/** Who a context stands for, as far as an event's resolution can tell; undefined: do not share. */
function audienceOf(context: unknown): string | undefined {
  const viewer = (context as { viewer?: SharingViewer } | null | undefined)?.viewer;
  if (!viewer || typeof viewer !== 'object') return 'anonymous';
  const { id, roles, organizationId, familyId } = viewer;
  return JSON.stringify([id, roles, organizationId ?? null, familyId ?? null]);
}

function sharingKey(args: ExecutionArgs): string | undefined {
  const audience = audienceOf(args.contextValue);
  if (audience === undefined) return undefined;
  let documentId = documentIds.get(args.document);
  if (documentId === undefined) documentIds.set(args.document, (documentId = nextDocumentId++));
  return interned(
    `${documentId} ${args.operationName ?? ''} ${JSON.stringify(args.variableValues ?? null)} ${audience}`,
  );
}

const MAX_INTERNED = 10_000;
const internedKeys = new Map<string, string>();

/** One copy of each key, however many subscriptions hold it (a socket's share of RSS is counted). */
function interned(key: string): string {
  const known = internedKeys.get(key);
  if (known !== undefined) return known;
  if (internedKeys.size >= MAX_INTERNED) internedKeys.clear();
  internedKeys.set(key, key);
  return key;
}

/** The execution of one event for one audience: the first subscriber's, awaited by the others. */
function executeShared(
  args: ExecutionArgs,
  event: unknown,
  key: string | undefined,
): Promise<ExecutionResult> {
  const run = async () => {
    const result = await execute({ ...args, rootValue: event });
    sharedResults.add(result);
    return result;
  };
  if (key === undefined || typeof event !== 'object' || event === null) return run();
  let byKey = executions.get(event);
  if (!byKey) executions.set(event, (byKey = new Map()));
  let execution = byKey.get(key);
  if (!execution) byKey.set(key, (execution = run()));
  return execution;
}

/** `iterable` with `map` applied to each value; ending it ends the source (and its listeners). */
function mapEvents<T, R>(
  iterable: AsyncIterable<T>,
  map: (value: T) => Promise<R>,
): AsyncIterableIterator<R> {
  const source = iterable[Symbol.asyncIterator]();
  const close = async () => {
    if (typeof source.return === 'function') await source.return().catch(() => undefined);
  };
  const iterator: AsyncIterableIterator<R> = {
    async next() {
      const step = await source.next();
      if (step.done) return step as IteratorReturnResult<R>;
      try {
        return { value: await map(step.value), done: false };
      } catch (error) {
        await close();
        throw error;
      }
    },
    async return() {
      await close();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * graphql-js's `subscribe`, with each event's execution shared by the subscriptions of one audience
 * (see above). Same contract: the stream of results, or the result holding the errors that kept the
 * subscription from starting.
 */
export async function sharedSubscribe(
  args: ExecutionArgs,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in Object(stream))) return stream as ExecutionResult;
  const key = sharingKey(args);
  return mapEvents(stream as AsyncIterable<unknown>, (event) => executeShared(args, event, key));
}

/**
 * The text of a protocol message, `JSON.stringify({ type, id, payload })`, with the JSON of a shared
 * result made once and reused by every socket that sends it.
 */
export function messageText(type: string, id: unknown, payload: unknown): string {
  if (
    typeof id !== 'string' ||
    typeof payload !== 'object' ||
    payload === null ||
    !sharedResults.has(payload)
  )
    return JSON.stringify({ type, id, payload });
  let json = serialized.get(payload);
  if (json === undefined) serialized.set(payload, (json = JSON.stringify(payload)));
  return `{"type":${JSON.stringify(type)},"id":${JSON.stringify(id)},"payload":${json}}`;
}
