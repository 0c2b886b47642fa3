import pg from 'pg';
import { DataSource } from 'typeorm';
import { AuditSequencer } from '../src/audit/audit-sequencer.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient } from './support/client.js';
import { cast, type Cast, CREATE_REQUEST, requestInput, TRANSITION_REQUEST } from './support/fixtures.js';

const LIST_ALL = `query($first: Int, $after: String, $filter: RequestFilter) {
  requests(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id reference } }
    nodes {
      id reference title status allowedActions estimatedBudget { amount currency }
      requestingOrganization { id name memberState { code } }
      beneficiaryStates { code name region }
      history { from to action actor { id email organization { id } } }
      comments { id body author { id email } }
    }
  }
}`;

/** Counts the SQL statements the service sends while `run` runs (their texts go to `texts`). */
async function countStatements(run: () => Promise<unknown>, texts: string[] = []): Promise<number> {
  const original = pg.Client.prototype.query;
  let count = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    count += 1;
    const [query] = args as [string | { text: string }];
    texts.push(typeof query === 'string' ? query : query.text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = original;
  }
  return count;
}

describe('request lists (e2e)', () => {
  let t: TestApp;
  let c: Cast;
  const ids: string[] = [];

  beforeAll(async () => {
    // Statements are counted on every connection: no audit sealing may run while they are (below).
    // Nor the job queue's polling and upkeep.
    t = await startTestApp({
      AUDIT_SEAL_INTERVAL_MS: '600000',
      JOB_POLL_SECONDS: '600',
      JOB_MAINTENANCE_SECONDS: '3600',
    });
    c = await cast(await adminClient(t.url));
    // 60 public requests in review or open, each with history, comments and a budget.
    for (let i = 0; i < 60; i += 1) {
      const sectors =
        i % 3 === 0 ? ['ENERGY'] : i % 3 === 1 ? ['WATER_SUPPLY', 'PUBLIC_HEALTH'] : ['TOURISM'];
      const { createRequest } = await c.requester.client.ok<{ createRequest: { id: string } }>(
        CREATE_REQUEST,
        {
          input: requestInput({
            title: i % 10 === 0 ? `Desalination plant perimeter security ${i}` : `Grid request ${i}`,
            confidentiality: 'PUBLIC',
            sectors,
            priority: i % 2 ? 'HIGH' : 'LOW',
            beneficiaryStateCodes: i % 4 === 0 ? ['KEN', 'TZA'] : ['KEN'],
            estimatedBudget: { amount: `${1000 + i}.25`, currency: 'EUR' },
          }),
        },
      );
      ids.push(createRequest.id);
      await c.requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
      await c.coordinator.client.ok(
        `mutation($id: ID!) { addComment(subjectId: $id, body: "Seen") { id } }`,
        {
          id: createRequest.id,
        },
      );
    }
    // The setup's audit events sealed, and the sealing after each commit settled.
    await t.app.get(AuditSequencer).sealNow();
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  afterAll(() => t.close());

  it('writes a new request, its first history entry and its audit event in one statement', async () => {
    const texts: string[] = [];
    let id = '';
    await countStatements(async () => {
      const { createRequest } = await c.requester.client.ok<{ createRequest: { id: string } }>(
        CREATE_REQUEST,
        { input: requestInput({ title: 'Written in one statement' }) },
      );
      id = createRequest.id;
    }, texts);
    const writes = texts.filter((text) =>
      /INSERT INTO "?(assistance_request|status_change|audit_pending)\b/.test(text),
    );
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/assistance_request[\s\S]*status_change[\s\S]*audit_pending/);
    const { request } = await c.requester.client.ok<{
      request: { reference: string; status: string; history: { to: string; action: string }[] };
    }>(`query($id: ID!) { request(id: $id) { reference status history { to action } } }`, { id });
    expect(request.status).toBe('DRAFT');
    expect(request.history).toEqual([{ to: 'DRAFT', action: 'CREATE' }]);
    // Its audit event, sealed into the chain.
    await t.app.get(AuditSequencer).sealNow();
    const events: { action: string; payload: Record<string, unknown> }[] = await t.app
      .get(DataSource)
      .query(`SELECT action, payload FROM audit_event WHERE entity_id = $1 ORDER BY sequence`, [id]);
    expect(events.map((event) => event.action)).toEqual(['CREATE']);
    expect(events[0]!.payload).toMatchObject({ to: 'DRAFT', reference: request.reference });
  });

  it('sends the same number of SQL statements for 5 and for 50 rows with every relation field', async () => {
    const small = await countStatements(() => c.otherRequester.client.ok(LIST_ALL, { first: 5 }));
    const large = await countStatements(async () => {
      const data = await c.otherRequester.client.ok<{ requests: { nodes: unknown[] } }>(LIST_ALL, {
        first: 50,
      });
      expect(data.requests.nodes).toHaveLength(50);
    });
    console.log(
      `SQL statements per requests query with all relations: first 5 -> ${small}, first 50 -> ${large}`,
    );
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(3); // the page with its organizations, the total, the threads
    // The same relations asked through edges and a fragment are loaded the same way.
    const throughEdges = await countStatements(() =>
      c.otherRequester.client.ok(
        `query { requests(first: 50) { edges { node { ...Thread } } } }
         fragment Thread on AssistanceRequest { id history { action actor { id } } comments { body author { id } } }`,
      ),
    );
    expect(throughEdges).toBeLessThan(large); // no total: the page and the relations only
  });

  it('lists the history and comments of each request exactly as the request alone shows them', async () => {
    const THREAD = `id history { from to action reason at actor { id displayName email roles } }
      comments { id body createdAt author { id displayName organization { id } } }`;
    const { requests } = await c.coordinator.client.ok<{ requests: { nodes: { id: string }[] } }>(
      `{ requests(first: 12) { nodes { ${THREAD} } } }`,
    );
    expect(requests.nodes).toHaveLength(12);
    for (const node of requests.nodes) {
      const { request } = await c.coordinator.client.ok<{ request: unknown }>(
        `query($id: ID!) { request(id: $id) { ${THREAD} } }`,
        { id: node.id },
      );
      expect(node).toEqual(request);
    }
  });

  it('pages with opaque cursors in a stable order, newest first, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: {
        requests: {
          nodes: { id: string }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          totalCount: number;
        };
      } = await c.otherRequester.client.ok(LIST_ALL, { first: 7, after });
      seen.push(...data.requests.nodes.map((n) => n.id));
      expect(data.requests.totalCount).toBe(60);
      if (!data.requests.pageInfo.hasNextPage) break;
      after = data.requests.pageInfo.endCursor;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by sector, priority, status, region and State, and counts what matches', async () => {
    const count = async (filter: Record<string, unknown>) =>
      (await c.otherRequester.client.ok<{ requests: { totalCount: number } }>(LIST_ALL, { first: 1, filter }))
        .requests.totalCount;
    expect(await count({ sectors: ['ENERGY'] })).toBe(20);
    expect(await count({ sectors: ['ENERGY', 'TOURISM'] })).toBe(40);
    expect(await count({ priority: ['HIGH'] })).toBe(30);
    expect(await count({ status: ['SUBMITTED'] })).toBe(60);
    expect(await count({ status: ['OPEN'] })).toBe(0);
    expect(await count({ region: 'Africa' })).toBe(60);
    expect(await count({ region: 'Europe' })).toBe(0);
    expect(await count({ memberStateCode: 'TZA' })).toBe(15);
    expect(await count({ requestingOrganizationId: c.kenya.id })).toBe(60);
    expect(await count({ sectors: ['ENERGY'], priority: ['LOW'] })).toBe(10);
  });

  it('runs one statement text per filter shape, each time with its own values', async () => {
    const PAGE = `query($filter: RequestFilter) { requests(first: 50, filter: $filter) { totalCount nodes { id sectors } } }`;
    type Listed = { requests: { totalCount: number; nodes: { id: string; sectors: string[] }[] } };
    const listed = async (filter: Record<string, unknown>) => {
      const texts: string[] = [];
      let data: Listed | undefined;
      await countStatements(async () => {
        data = await c.otherRequester.client.ok<Listed>(PAGE, { filter });
      }, texts);
      return { data: data as Listed, texts: texts.filter((text) => text.includes('"assistance_request"')) };
    };
    const energy = await listed({ sectors: ['ENERGY'], search: 'grid' });
    const tourism = await listed({ sectors: ['TOURISM'], search: 'request' });
    // The same shape (sectors, then a search): the same texts, page and total alike.
    expect(tourism.texts).toEqual(energy.texts);
    expect(energy.texts).toHaveLength(2);
    expect(energy.data.requests.nodes.every((node) => node.sectors.includes('ENERGY'))).toBe(true);
    expect(tourism.data.requests.nodes.every((node) => node.sectors.includes('TOURISM'))).toBe(true);
    expect(energy.data.requests.totalCount).toBe(energy.data.requests.nodes.length);
    expect(tourism.data.requests.totalCount).toBe(tourism.data.requests.nodes.length);
    expect(tourism.data.requests.totalCount).toBeGreaterThan(0);
    const energyIds = new Set(energy.data.requests.nodes.map((node) => node.id));
    expect(tourism.data.requests.nodes.some((node) => energyIds.has(node.id))).toBe(false);
    // Another shape, another text.
    const byPriority = await listed({ priority: ['HIGH'] });
    expect(byPriority.texts[0]).not.toEqual(energy.texts[0]);
    expect(byPriority.data.requests.totalCount).toBe(30);
  });

  it('searches title and description in websearch syntax, safely', async () => {
    const search = async (text: string) =>
      (
        await c.otherRequester.client.ok<{ requests: { totalCount: number } }>(LIST_ALL, {
          first: 1,
          filter: { search: text },
        })
      ).requests.totalCount;
    expect(await search('desalination')).toBe(6);
    expect(await search('"perimeter security"')).toBe(6);
    expect(await search('desalination -perimeter')).toBe(0);
    expect(await search('desalination or grid')).toBe(60);
    const nul = await c.otherRequester.client.request(LIST_ALL, {
      first: 1,
      filter: { search: 'grid\u0000' },
    });
    expect(nul.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const hostile of ["'; DROP TABLE assistance_request; --", '\\', ':*&|!()', '%_', 'a'.repeat(400)]) {
      const result = await c.otherRequester.client.request(LIST_ALL, {
        first: 1,
        filter: { search: hostile },
      });
      expect(result.errors).toBeUndefined();
    }
    expect(await search('desalination')).toBe(6);
  });

  it('refuses bad paging and filter values with BAD_USER_INPUT naming them', async () => {
    const code = async (variables: Record<string, unknown>) => {
      const result = await c.otherRequester.client.request(LIST_ALL, variables);
      return [result.errors?.[0]?.extensions?.code, result.errors?.[0]?.message.split(':')[0]];
    };
    expect(await code({ first: 101 })).toEqual(['BAD_USER_INPUT', 'first']);
    expect(await code({ first: 0 })).toEqual(['BAD_USER_INPUT', 'first']);
    expect(await code({ first: 5, after: 'not-a-cursor' })).toEqual(['BAD_USER_INPUT', 'after']);
    expect(await code({ filter: { region: 'Atlantis' } })).toEqual(['BAD_USER_INPUT', 'filter.region']);
    expect(await code({ filter: { memberStateCode: 'XXX' } })).toEqual([
      'BAD_USER_INPUT',
      'filter.memberStateCode',
    ]);
    expect(await code({ filter: { requestingOrganizationId: 'nope' } })).toEqual([
      'BAD_USER_INPUT',
      'filter.requestingOrganizationId',
    ]);
  });

  // Last: it adds requests the counts above do not expect.
  it('gives references and cursors that count nothing the viewer cannot see', async () => {
    // Peru's hidden drafts, created between two of Kenya's requests, leave no trace in either.
    const create = async (client: typeof c.requester.client) =>
      (
        await client.ok<{ createRequest: { id: string; reference: string } }>(CREATE_REQUEST, {
          input: requestInput(),
        })
      ).createRequest;
    const first = await create(c.requester.client);
    for (let i = 0; i < 3; i += 1) await create(c.otherRequester.client);
    const second = await create(c.requester.client);
    // Crockford base32 (no I, L, O, U) after the year.
    const REFERENCE = /^REQ-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/;
    expect(first.reference).toMatch(REFERENCE);
    expect(second.reference).toMatch(REFERENCE);
    const { requests } = await c.requester.client.ok<{
      requests: { edges: { cursor: string; node: { id: string; reference: string } }[] };
    }>(LIST_ALL, { first: 70 });
    expect(requests.edges.slice(0, 2).map((e) => e.node.id)).toEqual([second.id, first.id]);
    for (const { cursor, node } of requests.edges) {
      expect(node.reference).toMatch(REFERENCE);
      // Opaque: no counter inside, nothing but the row's own time and id.
      const decoded = Buffer.from(cursor, 'base64url').toString();
      expect(decoded).not.toMatch(/^\D*\d{1,18}\D*$/);
      expect(decoded).toContain(node.id);
    }
    expect(new Set(requests.edges.map((e) => e.node.reference)).size).toBe(requests.edges.length);
    // Random, not a zero-padded counter: among 60 and more, some hold a letter.
    expect(requests.edges.filter((e) => /[A-Z]/.test(e.node.reference.slice(9))).length).toBeGreaterThan(
      requests.edges.length / 2,
    );
  });

  it('reads the description of listed requests only when the page asks for it', async () => {
    type Nodes = { id: string; description?: string }[];
    const pages = {
      brief: `query($f: RequestFilter) { requests(first: 5, filter: $f) { nodes { id title } } }`,
      viaFragment: `query($f: RequestFilter) { requests(first: 5, filter: $f) { edges { node { ...Item } } } }
        fragment Item on AssistanceRequest { id description }`,
    };
    const one = `query($id: ID!) { request(id: $id) { description } }`;
    for (const filter of [null, { sectors: ['ENERGY'] }]) {
      // Twice each: the second run of a query goes through its compiled form.
      for (let run = 0; run < 2; run += 1) {
        const briefTexts: string[] = [];
        await countStatements(() => c.coordinator.client.ok(pages.brief, { f: filter }), briefTexts);
        const [briefPage] = briefTexts.filter((text) => text.includes('"assistance_request"'));
        expect(briefPage).toBeDefined();
        expect(briefPage).not.toContain('"description"');

        const full = await c.coordinator.client.ok<{ requests: { edges: { node: Nodes[number] }[] } }>(
          pages.viaFragment,
          { f: filter },
        );
        const nodes = full.requests.edges.map((edge) => edge.node);
        expect(nodes).toHaveLength(5);
        for (const node of nodes) {
          const alone = await c.coordinator.client.ok<{ request: { description: string } }>(one, {
            id: node.id,
          });
          expect(node.description).toBe(alone.request.description);
          expect(node.description).toEqual(expect.any(String));
        }
      }
    }
  });

  it('binds each viewer its own values into a list statement compiled once per viewer shape', async () => {
    // Last: the drafts it makes would change the totals the tests above count.
    // Two requesters of different States share the shape of their access condition, so their
    // unfiltered lists run the same compiled statement: each must still see only its own drafts.
    const draft = async (client: typeof c.requester.client, title: string) =>
      (
        await client.ok<{ createRequest: { id: string } }>(CREATE_REQUEST, {
          input: requestInput({ title }),
        })
      ).createRequest.id;
    const kenyan = await draft(c.requester.client, 'Kenyan draft, not for Peru');
    const peruvian = await draft(c.otherRequester.client, 'Peruvian draft, not for Kenya');
    const LIST = `query($after: String) { requests(first: 5, after: $after) { totalCount nodes { id } pageInfo { endCursor } } }`;
    type List = {
      requests: { totalCount: number; nodes: { id: string }[]; pageInfo: { endCursor: string } };
    };
    for (let round = 0; round < 3; round += 1) {
      for (const [client, own, other] of [
        [c.requester.client, kenyan, peruvian],
        [c.otherRequester.client, peruvian, kenyan],
      ] as const) {
        const first = await client.ok<List>(LIST, {});
        const ids = first.requests.nodes.map((node) => node.id);
        expect(ids).toContain(own);
        expect(ids).not.toContain(other);
        const next = await client.ok<List>(LIST, { after: first.requests.pageInfo.endCursor });
        expect(next.requests.nodes.map((node) => node.id)).not.toContain(other);
        expect(next.requests.totalCount).toBe(first.requests.totalCount);
      }
    }
  });
});
