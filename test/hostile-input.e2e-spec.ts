import fc from 'fast-check';
import { ERROR_CODES } from '../src/common/errors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient, type GqlClient } from './support/client.js';

/** Sends a raw body and returns what a client would see. */
async function post(url: string, body: string, token?: string, contentType = 'application/json') {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await response.text();
  return { status: response.status, text };
}

/** Every answer: no 5xx, no internals, and every error carries a code of the contract. */
function assertClean(answer: { status: number; text: string }): void {
  expect(answer.status).toBeLessThan(500);
  expect(answer.text).not.toMatch(
    /node_modules|\/src\/|\.ts:\d+|at [A-Za-z.]+ \(|QueryFailedError|SELECT |INSERT /,
  );
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return; // non-JSON answers (e.g. 413 from the HTTP layer) carry no GraphQL errors
  }
  const errors = (body as { errors?: { extensions?: { code?: string } }[] }).errors ?? [];
  for (const error of errors) {
    expect(ERROR_CODES).toContain(error.extensions?.code);
    // Bad input is the client's doing: it never surfaces as an internal error.
    expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  }
}

describe('hostile input (e2e)', () => {
  let t: TestApp;
  let admin: GqlClient;
  let cases = 0;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: String(256 * 1024) });
    admin = await adminClient(t.url);
  });
  afterAll(async () => {
    console.log(`hostile input: ${cases} cases sent, all answered cleanly`);
    await t.close();
  });

  const send = async (body: string, token?: string, contentType?: string) => {
    cases += 1;
    assertClean(await post(t.url, body, token, contentType));
  };

  it('answers random documents and variables cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 300 }),
        fc.jsonValue({ maxDepth: 4 }),
        async (query, variables) => {
          await send(JSON.stringify({ query, variables }), admin.token);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers random bodies of every shape cleanly, signed in or not', async () => {
    const bodies = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue({ maxDepth: 5 }).map((value) => JSON.stringify(value)),
      fc
        .record({ query: fc.jsonValue(), variables: fc.jsonValue(), operationName: fc.jsonValue() })
        .map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(bodies, fc.boolean(), async (body, signedIn) => {
        await send(body, signedIn ? admin.token : undefined);
      }),
      { numRuns: 150 },
    );
  });

  it('answers valid operations with hostile variables cleanly', async () => {
    const documents = [
      'query($id: ID!) { request(id: $id) { id title } }',
      'query($f: RequestFilter, $n: Int, $a: String) { requests(filter: $f, first: $n, after: $a) { totalCount } }',
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      'mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }',
      'query($p: ReportPeriodInput!) { implementationSummary(period: $p) { requestsReceived } }',
      'query($id: ID!, $n: Int) { suggestOffers(requestId: $id, limit: $n) { score } }',
      'mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }',
    ];
    const hostile = fc.oneof(
      fc.constantFrom(
        "'; DROP TABLE app_user; --",
        '\u0000',
        '\uD800',
        '../../etc/passwd',
        '<script>alert(1)</script>',
        '%s%n',
        '${7*7}',
        '1e400',
        '-0',
      ),
      fc.string({ unit: 'grapheme', maxLength: 50 }),
      fc.integer(),
      fc.double(),
      fc.constant('x'.repeat(100_000)),
    );
    const variables = fc.dictionary(
      fc.constantFrom('id', 'f', 'n', 'a', 'input', 't', 'p', 'ids'),
      fc.oneof(
        hostile,
        fc.dictionary(fc.string({ maxLength: 12 }), hostile),
        fc.array(hostile, { maxLength: 5 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...documents), variables, async (query, vars) => {
        await send(JSON.stringify({ query, variables: vars }), admin.token);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses deep nesting, alias floods, batches and oversized bodies cleanly', async () => {
    await send(JSON.stringify({ query: `{ ${'me { organization { '.repeat(2000)}` }), admin.token);
    await send(JSON.stringify({ query: `query { ${'__typename '.repeat(20_000)} }` }), admin.token);
    await send(
      JSON.stringify({
        query: `{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
      }),
      admin.token,
    );
    await send(JSON.stringify(Array.from({ length: 1000 }, () => ({ query: '{ me { id } }' }))), admin.token);
    await send(
      JSON.stringify({ query: '{ __typename }', variables: { big: 'x'.repeat(400 * 1024) } }),
      admin.token,
    );
    await send('{"query": "{ __typename }"', admin.token);
    await send('query { __typename }', admin.token, 'application/graphql');
    await send('<xml/>', admin.token, 'text/xml');
  });
});
