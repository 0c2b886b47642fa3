/**
 * The authorization matrix: every kind of viewer × confidentiality × status × operation against
 * an allow/deny table written from RULES.md and the contract, independently of the service's code.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, type GqlClient } from './support/client.js';
import {
  cast,
  type Cast,
  CREATE_REQUEST,
  requestInput,
  TRANSITION_REQUEST,
  UPDATE_REQUEST,
} from './support/fixtures.js';

type Who = 'owner' | 'colleague' | 'otherState' | 'provider' | 'coordinator' | 'observer' | 'admin';
type Status = 'DRAFT' | 'SUBMITTED' | 'UNDER_REVIEW' | 'CHANGES_REQUESTED' | 'OPEN' | 'WITHDRAWN';
type Level = 'PUBLIC' | 'RESTRICTED' | 'CONFIDENTIAL';
const ACTIONS = [
  'SUBMIT',
  'START_REVIEW',
  'REQUEST_CHANGES',
  'APPROVE',
  'REJECT',
  'WITHDRAW',
  'CLOSE',
] as const;
type Action = (typeof ACTIONS)[number];
type Outcome = 'OK' | 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID_TRANSITION';

const VIEWERS: Who[] = ['owner', 'colleague', 'otherState', 'provider', 'coordinator', 'observer', 'admin'];
const STATUSES: Status[] = ['DRAFT', 'SUBMITTED', 'UNDER_REVIEW', 'CHANGES_REQUESTED', 'OPEN', 'WITHDRAWN'];
const LEVELS: Level[] = ['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL'];

/** How to bring a new draft to each status, and who takes each step. */
const PATHS: Record<Status, [Action, 'owner' | 'coordinator'][]> = {
  DRAFT: [],
  SUBMITTED: [['SUBMIT', 'owner']],
  UNDER_REVIEW: [
    ['SUBMIT', 'owner'],
    ['START_REVIEW', 'coordinator'],
  ],
  CHANGES_REQUESTED: [
    ['SUBMIT', 'owner'],
    ['START_REVIEW', 'coordinator'],
    ['REQUEST_CHANGES', 'coordinator'],
  ],
  OPEN: [
    ['SUBMIT', 'owner'],
    ['START_REVIEW', 'coordinator'],
    ['APPROVE', 'coordinator'],
  ],
  WITHDRAWN: [
    ['SUBMIT', 'owner'],
    ['WITHDRAW', 'owner'],
  ],
};

// ---- the expected table -------------------------------------------------------------------------

const ownOrganization = (who: Who) => who === 'owner' || who === 'colleague';

function sees(who: Who, level: Level, status: Status): boolean {
  if (ownOrganization(who)) return true;
  if (status === 'DRAFT') return false;
  if (who === 'coordinator' || who === 'admin') return true;
  if (level === 'PUBLIC') return true;
  return level === 'RESTRICTED' && who === 'provider';
}

const FROM: Record<Action, Status[]> = {
  SUBMIT: ['DRAFT', 'CHANGES_REQUESTED'],
  START_REVIEW: ['SUBMITTED'],
  REQUEST_CHANGES: ['UNDER_REVIEW'],
  APPROVE: ['UNDER_REVIEW'],
  REJECT: ['UNDER_REVIEW'],
  WITHDRAW: ['DRAFT', 'SUBMITTED', 'UNDER_REVIEW', 'CHANGES_REQUESTED', 'OPEN'],
  CLOSE: ['OPEN'],
};
const BY_REQUESTER: Action[] = ['SUBMIT', 'WITHDRAW'];

function expectedAction(who: Who, level: Level, status: Status, action: Action): Outcome {
  if (!sees(who, level, status)) return 'NOT_FOUND';
  const may = BY_REQUESTER.includes(action) ? ownOrganization(who) : who === 'coordinator';
  if (!may) return 'FORBIDDEN';
  return FROM[action].includes(status) ? 'OK' : 'INVALID_TRANSITION';
}

function expectedUpdate(who: Who, level: Level, status: Status): Outcome {
  if (!sees(who, level, status)) return 'NOT_FOUND';
  if (!ownOrganization(who)) return 'FORBIDDEN';
  return status === 'DRAFT' || status === 'CHANGES_REQUESTED' ? 'OK' : 'INVALID_TRANSITION';
}

function expectedComment(who: Who, level: Level, status: Status): Outcome {
  if (!sees(who, level, status)) return 'NOT_FOUND';
  return who === 'observer' ? 'FORBIDDEN' : 'OK';
}

// ---- running it ---------------------------------------------------------------------------------

describe('request authorization matrix (e2e)', () => {
  let t: TestApp;
  let c: Cast;
  let clients: Record<Who, GqlClient>;

  beforeAll(async () => {
    t = await startTestApp();
    c = await cast(await adminClient(t.url));
    clients = {
      owner: c.requester.client,
      colleague: c.requester2.client,
      otherState: c.otherRequester.client,
      provider: c.provider.client,
      coordinator: c.coordinator.client,
      observer: c.observer.client,
      admin: c.admin.client,
    };
  });
  afterAll(() => t.close());

  /** A request of Kenya in `status` and `level`, findable by a unique search word. */
  async function requestIn(
    status: Status,
    level: Level,
  ): Promise<{ id: string; version: number; word: string }> {
    const word = `tag${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const { createRequest } = await clients.owner.ok<{ createRequest: { id: string; version: number } }>(
      CREATE_REQUEST,
      {
        input: requestInput({ title: `Grid protection ${word}`, confidentiality: level }),
      },
    );
    let version = createRequest.version;
    for (const [action, who] of PATHS[status]) {
      const moved = await clients[who].ok<{ transitionRequest: { version: number } }>(TRANSITION_REQUEST, {
        id: createRequest.id,
        action,
      });
      version = moved.transitionRequest.version;
    }
    return { id: createRequest.id, version, word };
  }

  async function outcome(run: Promise<{ errors?: { extensions?: { code?: string } }[] }>): Promise<string> {
    const result = await run;
    return result.errors?.length ? String(result.errors[0]?.extensions?.code) : 'OK';
  }

  for (const status of STATUSES) {
    for (const level of LEVELS) {
      it(`${status} × ${level}`, async () => {
        const subject = await requestIn(status, level);
        const mismatches: string[] = [];
        const check = (who: Who, operation: string, expected: string, actual: string) => {
          if (expected !== actual)
            mismatches.push(`${who} ${operation}: expected ${expected}, got ${actual}`);
        };
        for (const who of VIEWERS) {
          const client = clients[who];
          const visible = sees(who, level, status);
          check(
            who,
            'read',
            visible ? 'OK' : 'NOT_FOUND',
            await outcome(client.request(`query($id: ID!) { request(id: $id) { id } }`, { id: subject.id })),
          );
          const list = await client.ok<{ requests: { nodes: { id: string }[]; totalCount: number } }>(
            `query($s: String) { requests(filter: { search: $s }, first: 100) { nodes { id } totalCount } }`,
            { s: subject.word },
          );
          check(who, 'list', String(visible), String(list.requests.nodes.some((n) => n.id === subject.id)));
          check(who, 'total', visible ? '1' : '0', String(list.requests.totalCount));
          // Refusals leave the subject as it is; each allowed change runs on a fresh copy.
          const target = async (expected: Outcome) =>
            expected === 'OK' ? await requestIn(status, level) : subject;
          const update = expectedUpdate(who, level, status);
          const forUpdate = await target(update);
          check(
            who,
            'update',
            update,
            await outcome(
              client.request(UPDATE_REQUEST, {
                id: forUpdate.id,
                input: { priority: 'HIGH' },
                v: forUpdate.version,
              }),
            ),
          );
          for (const action of ACTIONS) {
            const expected = expectedAction(who, level, status, action);
            const forAction = await target(expected);
            check(
              who,
              action,
              expected,
              await outcome(client.request(TRANSITION_REQUEST, { id: forAction.id, action })),
            );
          }
          const comment = expectedComment(who, level, status);
          check(
            who,
            'comment',
            comment,
            await outcome(
              client.request(`mutation($id: ID!) { addComment(subjectId: $id, body: "Noted.") { id } }`, {
                id: subject.id,
              }),
            ),
          );
        }
        expect(mismatches).toEqual([]);
      });
    }
  }
});
