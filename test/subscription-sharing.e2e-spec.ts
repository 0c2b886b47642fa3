import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { adminClient, GqlClient, loginAs } from './support/client.js';
import { resetDatabase, testTarget } from './support/database.js';
import { CREATE_ORG, CREATE_REQUEST, requestInput, TRANSITION_REQUEST } from './support/fixtures.js';
import {
  buildService,
  type ServiceProcess,
  serviceEnv,
  startService,
  stopService,
} from './support/service.js';

type Event = {
  data?: { notificationAdded: Record<string, unknown> };
  errors?: { extensions?: { code?: string } }[];
};

/**
 * One notification reaches many sockets: the service executes and serializes it once per sign-in and
 * selection, and each socket must still get exactly what its own subscription and sign-in call for.
 * Runs the built service in its own process: Mercurius's subscription connection is adjusted when
 * Node loads it (graphql/light-event-iterator.ts), which the test runner's module registry bypasses.
 */
describe('notifications to many sockets (e2e)', () => {
  let t: ServiceProcess;
  let admin: GqlClient;
  const sockets: Client[] = [];

  beforeAll(async () => {
    buildService();
    await resetDatabase();
    t = await startService(serviceEnv(testTarget()));
    admin = await adminClient(t.url);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    if (t) await stopService(t);
  });

  /** Opens a socket with one subscription; resolves once it is registered, with the events it gets. */
  async function subscribe(token: string, query: string): Promise<Event[]> {
    const socket = createClient({
      url: `${t.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    sockets.push(socket);
    const events: Event[] = [];
    await new Promise<void>((resolve, reject) => {
      socket.on('connected', () => setTimeout(resolve, 100)); // the subscription registers meanwhile
      socket.subscribe(
        { query },
        { next: (value) => events.push(value as Event), error: reject, complete: () => {} },
      );
    });
    return events;
  }

  it('gives every socket its own selection, and each sign-in its own answer', async () => {
    const { createOrganization: kenya } = await admin.ok<{ createOrganization: { id: string } }>(CREATE_ORG, {
      input: { name: `Organization ${crypto.randomUUID()}`, kind: 'MEMBER_STATE', memberStateCode: 'KEN' },
    });
    const requester = await loginAs(admin, ['REQUESTER'], kenya);
    const colleague = await loginAs(admin, ['REQUESTER'], kenya);
    const coordinator = await loginAs(admin, ['COORDINATOR']);
    const first = await new GqlClient(t.url).login(requester.email, requester.password);
    const second = new GqlClient(t.url);
    const ended = await second.login(requester.email, requester.password);
    const colleagueSignIn = await new GqlClient(t.url).login(colleague.email, colleague.password);

    const brief = 'subscription { notificationAdded { kind subjectId } }';
    const full = 'subscription { notificationAdded { id kind message subjectId readAt } }';
    const [briefA, briefB, fullA, endedSocket, colleagueSocket] = await Promise.all([
      subscribe(first.accessToken, brief),
      subscribe(first.accessToken, brief),
      subscribe(first.accessToken, full),
      subscribe(ended.accessToken, brief),
      subscribe(colleagueSignIn.accessToken, full),
    ]);
    await second.ok(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: ended.refreshToken });

    const { createRequest } = await requester.client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
      input: requestInput(),
    });
    await requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
    await coordinator.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'START_REVIEW' });
    const all = [briefA, briefB, fullA, endedSocket, colleagueSocket];
    const deadline = Date.now() + 10_000;
    while (all.some((events) => events.length === 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const brieflyTold = {
      data: { notificationAdded: { kind: 'REQUEST_STATUS_CHANGED', subjectId: createRequest.id } },
    };
    expect(briefA).toEqual([brieflyTold]);
    expect(briefB).toEqual([brieflyTold]);
    expect(fullA).toEqual([
      {
        data: {
          notificationAdded: {
            id: expect.any(String),
            kind: 'REQUEST_STATUS_CHANGED',
            message: expect.any(String),
            subjectId: createRequest.id,
            readAt: null,
          },
        },
      },
    ]);
    // The logged-out sign-in of the same user is refused, though its selection matched briefA's.
    expect(endedSocket).toEqual([
      expect.objectContaining({
        errors: [
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
        ],
      }),
    ]);
    // The colleague gets their own notification, not the requester's.
    const mine = colleagueSocket[0]?.data?.notificationAdded;
    expect(mine).toEqual(
      expect.objectContaining({ kind: 'REQUEST_STATUS_CHANGED', subjectId: createRequest.id }),
    );
    expect(mine?.id).not.toEqual(fullA[0]?.data?.notificationAdded.id);
  });
});
