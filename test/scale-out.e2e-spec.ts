import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ADMIN, startTestApp, type TestApp } from './support/app.js';
import { adminClient, GqlClient } from './support/client.js';
import { cast, CREATE_REQUEST, requestInput, TRANSITION_REQUEST } from './support/fixtures.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const { Redis } = await import('ioredis');
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

describe('two instances on one database and one Redis (e2e)', () => {
  let reachable = false;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    reachable = await redisReachable();
    if (!reachable) return;
    a = await startTestApp({ REDIS_URL: redisUrl });
    b = await startTestApp({ REDIS_URL: redisUrl }, { reset: false });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('delivers a notification created through instance A to a subscriber on instance B', async () => {
    if (!reachable) {
      console.warn(`Redis at ${redisUrl} is not reachable; the scale-out test did not run`);
      return;
    }
    const c = await cast(await adminClient(a.url));
    const client = createClient({
      url: `${b.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${c.requester.client.token}` },
      retryAttempts: 0,
    });
    const received: { kind: string; subjectId: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      client.on('connected', () => setTimeout(resolve, 150));
      client.subscribe(
        { query: 'subscription { notificationAdded { kind subjectId } }' },
        {
          next: (value) =>
            received.push(
              (value.data as { notificationAdded: { kind: string; subjectId: string } }).notificationAdded,
            ),
          error: reject,
          complete: () => undefined,
        },
      );
    });
    const { createRequest } = await c.requester.client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
      input: requestInput(),
    });
    await c.requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
    await c.coordinator.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'START_REVIEW' });
    for (let i = 0; i < 100 && received.length === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await client.dispose();
    expect(received).toEqual([{ kind: 'REQUEST_STATUS_CHANGED', subjectId: createRequest.id }]);
  });

  it('refuses on instance B the access token of a sign-in logged out on instance A', async () => {
    if (!reachable) return;
    const onA = new GqlClient(a.url);
    const login = await onA.login(ADMIN.email, ADMIN.password);
    const onB = new GqlClient(b.url, login.accessToken);
    expect((await onB.request('{ me { id } }')).errors).toBeUndefined();
    expect(
      await onA.ok(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: login.refreshToken }),
    ).toEqual({
      logout: true,
    });
    expect(await onB.errorCode('{ me { id } }')).toBe('UNAUTHENTICATED');
  });
});
